// Package virttemplate has the shape of the generated clientset KubeVirt v1.9.0 calls (NewForConfig, then
// TemplateV1beta1().RESTClient()), but no VirtualMachineTemplate API exists in the test cluster, so it cannot be built.
package virttemplate

import (
	"errors"

	"k8s.io/client-go/rest"
)

type Interface interface {
	TemplateV1beta1() TemplateV1beta1Interface
}

type TemplateV1beta1Interface interface {
	RESTClient() rest.Interface
}

type Clientset struct{}

func (*Clientset) TemplateV1beta1() TemplateV1beta1Interface { return nil }

// NewForConfig always fails: virt-template is not part of the test cluster (KubeVirt panics with this error if it
// ever starts the informer, which virt-api's webhooks do not).
func NewForConfig(*rest.Config) (*Clientset, error) {
	return nil, errors.New("virt-template stand-in: the VirtualMachineTemplate API is not served in the test cluster")
}
