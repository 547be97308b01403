// Command cdi-webhooks serves CDI's own DataVolume validating webhook (cdi-apiserver's /datavolume-validate) over
// TLS on loopback and registers it in the test API server with the configuration cdi-operator generates, pointed
// at this process by URL.
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

	snapshotv1 "github.com/kubernetes-csi/external-snapshotter/client/v6/apis/volumesnapshot/v1"
	snapclient "github.com/kubernetes-csi/external-snapshotter/client/v6/clientset/versioned"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	crclient "sigs.k8s.io/controller-runtime/pkg/client"

	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"
	"kubevirt.io/containerized-data-importer/pkg/apiserver/webhooks"
	cdiclient "kubevirt.io/containerized-data-importer/pkg/client/clientset/versioned"
	"kubevirt.io/containerized-data-importer/pkg/operator/resources/cluster"
)

// dataVolumeValidatePath is cdi-apiserver's dvValidatePath (pkg/apiserver/apiserver.go, unexported there).
const dataVolumeValidatePath = "/datavolume-validate"

func main() {
	flags := flag.NewFlagSet("cdi-webhooks", flag.ExitOnError)
	kubeconfig := flags.String("kubeconfig", "", "kubeconfig of the API server to register the webhook in")
	certFile := flags.String("tls-cert-file", "", "serving certificate for 127.0.0.1")
	keyFile := flags.String("tls-private-key-file", "", "its key")
	caFile := flags.String("ca-file", "", "CA that signed the serving certificate (the webhook's caBundle)")
	readyFile := flags.String("ready-file", "", "written with {\"port\":N} once the webhook is served and registered")
	_ = flags.Parse(os.Args[1:])
	if err := run(*kubeconfig, *certFile, *keyFile, *caFile, *readyFile); err != nil {
		fmt.Fprintf(os.Stderr, "cdi-webhooks: %v\n", err)
		os.Exit(1)
	}
}

func run(kubeconfig, certFile, keyFile, caFile, readyFile string) error {
	// The clients cdi-apiserver builds (cmd/cdi-apiserver/apiserver.go), against the test API server.
	utilruntime.Must(corev1.AddToScheme(scheme.Scheme))
	utilruntime.Must(cdiv1.AddToScheme(scheme.Scheme))
	utilruntime.Must(snapshotv1.AddToScheme(scheme.Scheme))
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	// client-go's default 5 requests/s would queue the lookups admission makes (600 ms per VM), not a real server's load.
	cfg.QPS, cfg.Burst = 1000, 1000
	k8s := kubernetes.NewForConfigOrDie(cfg)
	crClient, err := crclient.New(cfg, crclient.Options{Scheme: scheme.Scheme})
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
	mux := http.NewServeMux()
	mux.Handle(dataVolumeValidatePath, webhooks.NewDataVolumeValidatingWebhook(k8s, cdiclient.NewForConfigOrDie(cfg), snapclient.NewForConfigOrDie(cfg), crClient))
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	port := listener.Addr().(*net.TCPAddr).Port
	server := &http.Server{Handler: mux, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	served := make(chan error, 1)
	go func() { served <- server.ServeTLS(listener, "", "") }()

	if err := register(k8s, port, caBundle); err != nil {
		return err
	}
	if readyFile != "" {
		ready, _ := json.Marshal(map[string]int{"port": port})
		if err := os.WriteFile(readyFile, ready, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "cdi-webhooks: serving %s on https://127.0.0.1:%d\n", dataVolumeValidatePath, port)
	return <-served
}

// register creates cdi-operator's cdi-api-datavolume-validate configuration (same webhook, rules, match and failure
// policy, timeout) with its client config pointed at this process.
func register(client kubernetes.Interface, port int, caBundle []byte) error {
	objects, err := cluster.CreateDynamicResourceGroup("apiserver-registrations", &cluster.FactoryArgs{Namespace: "cdi"})
	if err != nil {
		return err
	}
	url := fmt.Sprintf("https://127.0.0.1:%d%s", port, dataVolumeValidatePath)
	for _, obj := range objects {
		vwc, ok := obj.(*admissionregistrationv1.ValidatingWebhookConfiguration)
		if !ok || len(vwc.Webhooks) != 1 || vwc.Webhooks[0].ClientConfig.Service == nil ||
			*vwc.Webhooks[0].ClientConfig.Service.Path != dataVolumeValidatePath {
			continue
		}
		vwc.Webhooks[0].ClientConfig = admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: caBundle}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// A fresh control plane per run (harness.ts), so the configuration is created, never updated.
		_, err := client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx, vwc, metav1.CreateOptions{})
		return err
	}
	return fmt.Errorf("cdi-operator's apiserver-registrations name no webhook for %s", dataVolumeValidatePath)
}
