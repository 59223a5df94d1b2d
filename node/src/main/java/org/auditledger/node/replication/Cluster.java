package org.auditledger.node.replication;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.auditledger.node.NodeConfig;

/**
 * The optional Hazelcast cluster (Vert.x cluster manager, TCP/IP join, no multicast). Its event
 * bus carries each new checkpoint to the other nodes as a hint to poll at once; what they fetch is
 * verified exactly as without the bus, which is a speed-up, never a trust path.
 */
public final class Cluster {
  /** Address of new checkpoint notes (body: the signed note text). */
  public static final String CHECKPOINTS = "auditledger.checkpoints";

  private Cluster() {}

  /** A plain Vert.x, or a clustered one if the config lists cluster members. */
  public static Future<Vertx> vertx(NodeConfig config, String clusterName) {
    if (!config.clustered()) {
      return Future.succeededFuture(Vertx.vertx());
    }
    Config hz = new Config();
    hz.setClusterName(clusterName);
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "none");
    hz.getNetworkConfig().setPortAutoIncrement(true);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(config.host());
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
    VertxOptions options = new VertxOptions().setEventBusOptions(
        new EventBusOptions().setHost(config.host()).setClusterPublicHost(config.host()).setPort(0));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hz)).buildClustered();
  }
}
