// Command kubevirt-webhooks serves KubeVirt v1.9's own admission code (virt-api's VirtualMachine validator and
// mutator, the VirtualMachineInstance create/update validators, the status validator and the instancetype/preference
// validators) over TLS on loopback, and registers it in the test API server with the webhook configurations
// virt-operator generates, cut down to the webhooks served here and pointed at this process by URL.
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8sfield "k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	v1 "kubevirt.io/api/core/v1"
	"kubevirt.io/client-go/kubecli"

	netadmitter "kubevirt.io/kubevirt/pkg/network/admitter"
	"kubevirt.io/kubevirt/pkg/testutils"
	"kubevirt.io/kubevirt/pkg/virt-api/webhooks"
	mutating_webhook "kubevirt.io/kubevirt/pkg/virt-api/webhooks/mutating-webhook"
	validating_webhook "kubevirt.io/kubevirt/pkg/virt-api/webhooks/validating-webhook"
	virtconfig "kubevirt.io/kubevirt/pkg/virt-config"
	"kubevirt.io/kubevirt/pkg/virt-config/featuregate"
	"kubevirt.io/kubevirt/pkg/virt-operator/resource/generate/components"
)

// kubeVirtNamespace is where a stock install runs virt-api; it names the service accounts allowed to set
// KubeVirt's restricted labels and the namespace of the KubeVirt CR.
const kubeVirtNamespace = "kubevirt"

// clusterConfiguration is the KubeVirt CR's spec.configuration of a stock v1.9 install (virt-operator's sample CR
// sets no feature gates: GA gates are always on, Beta gates are on unless disabled, Alpha gates are off), plus what
// a cluster needs for the profiles' features: the macvtap network binding plugin, which macvlan networks use
// (NetworkBindingPlugins is GA in v1.9), and the Alpha HostDevices gate, without which KubeVirt refuses every VM with
// GPUs or host devices ("Host Devices feature gate is not enabled in kubevirt-config").
func clusterConfiguration() *v1.KubeVirtConfiguration {
	return &v1.KubeVirtConfiguration{
		DeveloperConfiguration: &v1.DeveloperConfiguration{FeatureGates: []string{featuregate.HostDevicesGate}},
		NetworkConfiguration: &v1.NetworkConfiguration{
			Binding: map[string]v1.InterfaceBindingPlugin{"macvtap": {DomainAttachmentType: v1.Tap}},
		},
	}
}

func main() {
	flags := flag.NewFlagSet("kubevirt-webhooks", flag.ExitOnError)
	kubeconfig := flags.String("kubeconfig", "", "kubeconfig of the API server to register the webhooks in")
	certFile := flags.String("tls-cert-file", "", "serving certificate for 127.0.0.1")
	keyFile := flags.String("tls-private-key-file", "", "its key")
	caFile := flags.String("ca-file", "", "CA that signed the serving certificate (the webhooks' caBundle)")
	readyFile := flags.String("ready-file", "", "written with {\"port\":N} once the webhooks are served and registered")
	// A FlagSet of our own: kubevirt.io/client-go/log registers -v on flag.CommandLine at init.
	_ = flags.Parse(os.Args[1:])
	if err := run(*kubeconfig, *certFile, *keyFile, *caFile, *readyFile); err != nil {
		fmt.Fprintf(os.Stderr, "kubevirt-webhooks: %v\n", err)
		os.Exit(1)
	}
}

func run(kubeconfig, certFile, keyFile, caFile, readyFile string) error {
	restConfig, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	// client-go's default 5 requests/s would queue the lookups admission makes (600 ms per VM), not a real server's load.
	restConfig.QPS, restConfig.Burst = 1000, 1000
	virtCli, err := kubecli.GetKubevirtClientFromRESTConfig(restConfig)
	if err != nil {
		return err
	}
	caBundle, err := os.ReadFile(caFile)
	if err != nil {
		return err
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return err
	}
	// The way KubeVirt's admitter tests build it (vms-admitter_test.go): a KubeVirt CR in a fake informer.
	clusterConfig, _, _ := testutils.NewFakeClusterConfigUsingKVConfig(clusterConfiguration())
	// The DataSource and Namespace informers are stored by the VM admitter but never read.
	informers := &webhooks.Informers{}
	serviceAccounts := webhooks.KubeVirtServiceAccounts(kubeVirtNamespace)

	// The handlers as virt-api registers them (pkg/virt-api/api.go registerValidatingWebhooks/registerMutatingWebhook).
	handlers := map[string]http.HandlerFunc{
		components.VMValidatePath: func(w http.ResponseWriter, r *http.Request) {
			validating_webhook.ServeVMs(w, r, clusterConfig, virtCli, informers, serviceAccounts)
		},
		components.StatusValidatePath: func(w http.ResponseWriter, r *http.Request) {
			validating_webhook.ServeStatusValidation(w, r, clusterConfig, virtCli, informers, serviceAccounts)
		},
		// virt-controller creates a VMI from the VM's template; the tests that play its part go through these too.
		components.VMICreateValidatePath: func(w http.ResponseWriter, r *http.Request) {
			validating_webhook.ServeVMICreate(w, r, clusterConfig, serviceAccounts,
				func(field *k8sfield.Path, spec *v1.VirtualMachineInstanceSpec, cfg *virtconfig.ClusterConfig) []metav1.StatusCause {
					return netadmitter.Validate(field, spec, cfg)
				})
		},
		components.VMIUpdateValidatePath: func(w http.ResponseWriter, r *http.Request) {
			validating_webhook.ServeVMIUpdate(w, r, clusterConfig, serviceAccounts)
		},
		components.VMInstancetypeValidatePath:        validating_webhook.ServeVmInstancetypes,
		components.VMClusterInstancetypeValidatePath: validating_webhook.ServeVmClusterInstancetypes,
		components.VMPreferenceValidatePath:          validating_webhook.ServeVmPreferences,
		components.VMClusterPreferenceValidatePath:   validating_webhook.ServeVmClusterPreferences,
		components.VMMutatePath: func(w http.ResponseWriter, r *http.Request) {
			mutating_webhook.ServeVMs(w, r, clusterConfig, virtCli)
		},
	}
	mux := http.NewServeMux()
	for path, h := range handlers {
		mux.HandleFunc(path, h)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	port := listener.Addr().(*net.TCPAddr).Port
	server := &http.Server{Handler: mux, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	served := make(chan error, 1)
	go func() { served <- server.ServeTLS(listener, "", "") }()

	if err := register(kubernetes.NewForConfigOrDie(restConfig), port, caBundle, handlers); err != nil {
		return err
	}
	if readyFile != "" {
		ready, _ := json.Marshal(map[string]int{"port": port})
		if err := os.WriteFile(readyFile, ready, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "kubevirt-webhooks: serving %d paths on https://127.0.0.1:%d\n", len(handlers), port)
	return <-served
}

// register writes virt-operator's virt-api-validator and virt-api-mutator configurations (same webhooks, rules,
// failure policy and timeouts) restricted to the paths served here, each calling this process by URL.
func register(client kubernetes.Interface, port int, caBundle []byte, handlers map[string]http.HandlerFunc) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pointHere := func(cc *admissionregistrationv1.WebhookClientConfig) bool {
		if cc.Service == nil || cc.Service.Path == nil || handlers[*cc.Service.Path] == nil {
			return false
		}
		url := fmt.Sprintf("https://127.0.0.1:%d%s", port, *cc.Service.Path)
		*cc = admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: caBundle}
		return true
	}

	validating := components.NewVirtAPIValidatingWebhookConfiguration(kubeVirtNamespace)
	kept := validating.Webhooks[:0]
	for _, wh := range validating.Webhooks {
		if pointHere(&wh.ClientConfig) {
			kept = append(kept, wh)
		}
	}
	validating.Webhooks = kept
	mutating := components.NewVirtAPIMutatingWebhookConfiguration(kubeVirtNamespace)
	keptM := mutating.Webhooks[:0]
	for _, wh := range mutating.Webhooks {
		if pointHere(&wh.ClientConfig) {
			keptM = append(keptM, wh)
		}
	}
	mutating.Webhooks = keptM
	if n := len(validating.Webhooks) + len(mutating.Webhooks); n != len(handlers) {
		return fmt.Errorf("virt-operator's configurations name %d of the %d paths served here", n, len(handlers))
	}

	// A fresh control plane per run (harness.ts), so the configurations are created, never updated.
	if _, err := client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx, validating, metav1.CreateOptions{}); err != nil {
		return err
	}
	_, err := client.AdmissionregistrationV1().MutatingWebhookConfigurations().Create(ctx, mutating, metav1.CreateOptions{})
	return err
}
