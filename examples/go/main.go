// The spec's full example (web-server-01) as a Go cdk8s app; writes <outdir>/web-server-01.k8s.yaml.
//
// Usage: go run . [outdir]  (default: cdk8s.out)
package main

import (
	"os"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-vmprofile/cdk8s-vmprofile-go/cdk8svmprofile"
)

func main() {
	outdir := "cdk8s.out"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})
	chart := cdk8s.NewChart(app, jsii.String("web-server-01"), nil)
	cdk8svmprofile.NewVirtualMachineProfile(chart, jsii.String("profile"), &cdk8svmprofile.VirtualMachineProfileProps{
		Metadata: &cdk8svmprofile.ProfileMetadata{
			Name:      jsii.String("web-server-01"),
			Namespace: jsii.String("production"),
			Labels:    &map[string]*string{"app": jsii.String("web-server"), "tier": jsii.String("frontend")},
		},
		Spec: &cdk8svmprofile.VirtualMachineProfileSpec{
			Cpu:          jsii.Number(4),
			Memory:       jsii.String("8Gi"),
			OsImage:      jsii.String("registry.example.com/centos-stream:8"),
			SshKeySecret: jsii.String("web-server-ssh-keys"),
			Networks: &[]*cdk8svmprofile.NetworkSpec{
				{
					Name: jsii.String("management"), Type: cdk8svmprofile.NetworkType_BRIDGE(), NadName: jsii.String(""),
					VlanId: jsii.Number(100), BridgeName: jsii.String("br-mgmt"),
					IpConfig: &cdk8svmprofile.IpConfigSpec{
						Mode: cdk8svmprofile.IpMode_STATIC(), Address: jsii.String("192.168.100.10/24"),
						Gateway: jsii.String("192.168.100.1"), DnsServers: jsii.Strings("8.8.8.8", "8.8.4.4"),
					},
				},
				{
					Name: jsii.String("business"), Type: cdk8svmprofile.NetworkType_SRIOV(), NadName: jsii.String("business-sriov-nad"),
					VlanId: jsii.Number(200), IpConfig: &cdk8svmprofile.IpConfigSpec{Mode: cdk8svmprofile.IpMode_DHCP()},
				},
				{
					Name: jsii.String("storage"), Type: cdk8svmprofile.NetworkType_MACVLAN(),
					IpConfig: &cdk8svmprofile.IpConfigSpec{Mode: cdk8svmprofile.IpMode_STATIC(), Address: jsii.String("10.0.0.10/24")},
				},
			},
			Disks: &[]*cdk8svmprofile.DiskSpec{
				{Name: jsii.String("system"), Size: jsii.String("80Gi"), StorageClassName: jsii.String("huamei-sc-ssd"), Boot: jsii.Bool(true),
					Image: jsii.String("registry.example.com/centos-stream:8")},
				{Name: jsii.String("data"), Size: jsii.String("500Gi"), StorageClassName: jsii.String("huamei-sc-hdd")},
				{Name: jsii.String("logs"), Size: jsii.String("100Gi"), StorageClassName: jsii.String("huamei-sc-ssd")},
			},
			HighAvailability: &cdk8svmprofile.HighAvailabilitySpec{
				RestartPolicy: cdk8svmprofile.RestartPolicy_ALWAYS(),
				AntiAffinity:  jsii.Bool(true),
				NodeSelector:  &map[string]*string{"kubernetes.io/arch": jsii.String("amd64"), "node-role.kubernetes.io/worker": jsii.String("")},
				Tolerations: &[]*cdk8svmprofile.Toleration{
					{Key: jsii.String("virtualization"), Operator: jsii.String("Equal"), Value: jsii.String("enabled"), Effect: jsii.String("NoSchedule")},
				},
			},
			StartStrategy: &cdk8svmprofile.StartStrategySpec{RunStrategy: cdk8svmprofile.RunStrategy_ALWAYS(), AutoStart: jsii.Bool(true)},
		},
	})
	app.Synth()
}
