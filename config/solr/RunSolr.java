// Runs a real Apache Solr 9 over HTTP on 127.0.0.1 from Maven Central jars, using the
// JettySolrRunner that Solr's own test suite uses. Started by scripts/services.sh:
//   java -cp '.local/solr-lib/*' config/solr/RunSolr.java SOLR_HOME PORT
// Exits non-zero when a core fails to load, so a broken schema is reported at once.
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

public class RunSolr {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: RunSolr SOLR_HOME PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    JettyConfig config =
        JettyConfig.builder().setPort(port).setContext("/solr").withPortRetryTime(0).build();
    JettySolrRunner solr = new JettySolrRunner(home.toString(), new Properties(), config);
    solr.start();
    // start() returns even when a core is broken: fail loudly instead of serving 404s.
    Map<String, ?> failures = solr.getCoreContainer().getCoreInitFailures();
    if (!failures.isEmpty()) {
      failures.forEach((core, err) -> System.err.println("core " + core + " failed: " + err));
      solr.stop();
      System.exit(3);
    }
    System.out.println("Solr ready on http://127.0.0.1:" + solr.getLocalPort() + "/solr");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        solr.stop();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    Thread.currentThread().join();
  }
}
