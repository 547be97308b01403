"""The spec's full example (web-server-01) as a Python cdk8s app; writes <outdir>/web-server-01.k8s.yaml.

Usage: python app.py [outdir]  (default: cdk8s.out)
"""
import sys

import cdk8s
from cdk8s_vmprofile import (
    DiskSpec, HighAvailabilitySpec, IpConfigSpec, IpMode, NetworkSpec, NetworkType, ProfileMetadata, RestartPolicy,
    RunStrategy, StartStrategySpec, Toleration, VirtualMachineProfile, VirtualMachineProfileSpec,
)

app = cdk8s.App(outdir=sys.argv[1] if len(sys.argv) > 1 else "cdk8s.out")
chart = cdk8s.Chart(app, "web-server-01")
VirtualMachineProfile(
    chart, "profile",
    metadata=ProfileMetadata(name="web-server-01", namespace="production", labels={"app": "web-server", "tier": "frontend"}),
    spec=VirtualMachineProfileSpec(
        cpu=4,
        memory="8Gi",
        os_image="registry.example.com/centos-stream:8",
        ssh_key_secret="web-server-ssh-keys",
        networks=[
            NetworkSpec(
                name="management", type=NetworkType.BRIDGE, nad_name="", vlan_id=100, bridge_name="br-mgmt",
                ip_config=IpConfigSpec(mode=IpMode.STATIC, address="192.168.100.10/24", gateway="192.168.100.1",
                                       dns_servers=["8.8.8.8", "8.8.4.4"]),
            ),
            NetworkSpec(name="business", type=NetworkType.SRIOV, nad_name="business-sriov-nad", vlan_id=200,
                        ip_config=IpConfigSpec(mode=IpMode.DHCP)),
            NetworkSpec(name="storage", type=NetworkType.MACVLAN,
                        ip_config=IpConfigSpec(mode=IpMode.STATIC, address="10.0.0.10/24")),
        ],
        disks=[
            DiskSpec(name="system", size="80Gi", storage_class_name="huamei-sc-ssd", boot=True,
                     image="registry.example.com/centos-stream:8"),
            DiskSpec(name="data", size="500Gi", storage_class_name="huamei-sc-hdd"),
            DiskSpec(name="logs", size="100Gi", storage_class_name="huamei-sc-ssd"),
        ],
        high_availability=HighAvailabilitySpec(
            restart_policy=RestartPolicy.ALWAYS,
            anti_affinity=True,
            node_selector={"kubernetes.io/arch": "amd64", "node-role.kubernetes.io/worker": ""},
            tolerations=[Toleration(key="virtualization", operator="Equal", value="enabled", effect="NoSchedule")],
        ),
        start_strategy=StartStrategySpec(run_strategy=RunStrategy.ALWAYS, auto_start=True),
    ),
)
app.synth()
