package io.lclstream.flink.dedup;

import io.lclstream.flink.ingest.Page;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Owns the fan-out of a page into one near-duplicate probe per LSH band: its MinHash signature and band keys,
 * with the page's id and order but never the page itself.
 */
public class NearDuplicateProbeFunction extends RichFlatMapFunction<Page, NearDuplicateBandFunction.Probe> {
  private static final long serialVersionUID = 1L;

  private final int permutations;
  private final int shingleSize;
  private final long seed;
  private final int bandCount;
  private final int rows;
  private transient MinHasher hasher;
  private transient LshBands bands;

  public NearDuplicateProbeFunction(int permutations, int shingleSize, long seed, int bandCount, int rows) {
    this.permutations = permutations;
    this.shingleSize = shingleSize;
    this.seed = seed;
    this.bandCount = bandCount;
    this.rows = rows;
  }

  @Override
  public void open(OpenContext openContext) {
    hasher = new MinHasher(permutations, shingleSize, seed);
    bands = new LshBands(bandCount, rows);
  }

  @Override
  public void flatMap(Page page, Collector<NearDuplicateBandFunction.Probe> out) {
    long[] signature = hasher.signature(page.texts());
    for (long bandKey : bands.bandKeys(signature)) {
      out.collect(new NearDuplicateBandFunction.Probe(page.id(), page.kafkaTimestamp(), bandKey, signature));
    }
  }
}
