// Package v1beta1 declares VirtualMachineTemplate only as the object type of an informer KubeVirt can build
// (pkg/controller/virtinformers.go); its fields are not modelled, because nothing here reads them.
package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

type VirtualMachineTemplate struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

func (in *VirtualMachineTemplate) DeepCopyObject() runtime.Object {
	out := &VirtualMachineTemplate{TypeMeta: in.TypeMeta}
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	return out
}
