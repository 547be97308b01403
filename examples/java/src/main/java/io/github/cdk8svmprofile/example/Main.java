package io.github.cdk8svmprofile.example;

import java.util.List;
import java.util.Map;

import io.github.cdk8svmprofile.DiskSpec;
import io.github.cdk8svmprofile.HighAvailabilitySpec;
import io.github.cdk8svmprofile.IpConfigSpec;
import io.github.cdk8svmprofile.IpMode;
import io.github.cdk8svmprofile.NetworkSpec;
import io.github.cdk8svmprofile.NetworkType;
import io.github.cdk8svmprofile.ProfileMetadata;
import io.github.cdk8svmprofile.RestartPolicy;
import io.github.cdk8svmprofile.RunStrategy;
import io.github.cdk8svmprofile.StartStrategySpec;
import io.github.cdk8svmprofile.Toleration;
import io.github.cdk8svmprofile.VirtualMachineProfile;
import io.github.cdk8svmprofile.VirtualMachineProfileSpec;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;

/** The spec's full example (web-server-01) as a Java cdk8s app; writes {@code <outdir>/web-server-01.k8s.yaml}. */
public final class Main {
    public static void main(final String[] args) {
        App app = new App(AppProps.builder().outdir(args.length > 0 ? args[0] : "cdk8s.out").build());
        Chart chart = new Chart(app, "web-server-01");
        VirtualMachineProfile.Builder.create(chart, "profile")
            .metadata(ProfileMetadata.builder()
                .name("web-server-01").namespace("production").labels(Map.of("app", "web-server", "tier", "frontend")).build())
            .spec(VirtualMachineProfileSpec.builder()
                .cpu(4)
                .memory("8Gi")
                .osImage("registry.example.com/centos-stream:8")
                .sshKeySecret("web-server-ssh-keys")
                .networks(List.of(
                    NetworkSpec.builder().name("management").type(NetworkType.BRIDGE).nadName("").vlanId(100).bridgeName("br-mgmt")
                        .ipConfig(IpConfigSpec.builder().mode(IpMode.STATIC).address("192.168.100.10/24").gateway("192.168.100.1")
                            .dnsServers(List.of("8.8.8.8", "8.8.4.4")).build())
                        .build(),
                    NetworkSpec.builder().name("business").type(NetworkType.SRIOV).nadName("business-sriov-nad").vlanId(200)
                        .ipConfig(IpConfigSpec.builder().mode(IpMode.DHCP).build())
                        .build(),
                    NetworkSpec.builder().name("storage").type(NetworkType.MACVLAN)
                        .ipConfig(IpConfigSpec.builder().mode(IpMode.STATIC).address("10.0.0.10/24").build())
                        .build()))
                .disks(List.of(
                    DiskSpec.builder().name("system").size("80Gi").storageClassName("huamei-sc-ssd").boot(true)
                        .image("registry.example.com/centos-stream:8").build(),
                    DiskSpec.builder().name("data").size("500Gi").storageClassName("huamei-sc-hdd").build(),
                    DiskSpec.builder().name("logs").size("100Gi").storageClassName("huamei-sc-ssd").build()))
                .highAvailability(HighAvailabilitySpec.builder()
                    .restartPolicy(RestartPolicy.ALWAYS)
                    .antiAffinity(true)
                    .nodeSelector(Map.of("kubernetes.io/arch", "amd64", "node-role.kubernetes.io/worker", ""))
                    .tolerations(List.of(Toleration.builder().key("virtualization").operator("Equal").value("enabled").effect("NoSchedule").build()))
                    .build())
                .startStrategy(StartStrategySpec.builder().runStrategy(RunStrategy.ALWAYS).autoStart(true).build())
                .build())
            .build();
        app.synth();
    }
}
