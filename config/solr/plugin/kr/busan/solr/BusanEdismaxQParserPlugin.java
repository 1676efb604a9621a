// Solr query parser "busan_edismax": edismax whose default operator is OR.
//
// CKAN sends every package search with q.op=AND and gives plugins no way to send another
// (q.op is not among the parameters package_search passes on). With AND, edismax makes every
// word of each field's analysis required and minimum-match (mm) does nothing, so a Korean
// question naming one word a title lacks finds nothing. busan_search sends defType=busan_edismax
// with its own mm; everything else (qf, mm, sow, boost, tie) is edismax's, unchanged.
// Registered in config/solr/home/ckan/conf/solrconfig.xml; built by scripts/services.sh (local
// Solr) and docker/solr/Dockerfile (the image).
package kr.busan.solr;

import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.ExtendedDismaxQParserPlugin;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QueryParsing;

public class BusanEdismaxQParserPlugin extends ExtendedDismaxQParserPlugin {
  public static final String NAME = "busan_edismax";

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    // Request parameters only: a q.op in local parameters ({!busan_edismax q.op=AND}) still wins.
    ModifiableSolrParams withOr = new ModifiableSolrParams(params);
    withOr.set(QueryParsing.OP, "OR");
    return super.createParser(qstr, localParams, withOr, req);
  }
}
