// Package api holds the VirtualMachineTemplate API's names, as KubeVirt v1.9.0 refers to them.
package api

const (
	GroupName            = "template.kubevirt.io"
	SingularResourceName = "virtualmachinetemplate"
	PluralResourceName   = SingularResourceName + "s"
)
