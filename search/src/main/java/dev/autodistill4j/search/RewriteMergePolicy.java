package dev.autodistill4j.search;

import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.MergeTrigger;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merge policy for converting an index to another vector format: a forced merge rewrites every segment that
 * existed when it started into one new segment — even a single, already merged segment, which Lucene's own
 * policies leave alone — so every vector is written again by the writer's (new) codec from the stored floats.
 * Natural merges are suspended meanwhile so none can hold a segment the rewrite needs.
 *
 * <p>Segments produced by the rewrite are marked {@code false} in {@code segmentsToMerge} by Lucene, so the
 * rewrite runs once and does not loop.
 */
final class RewriteMergePolicy extends FilterMergePolicy {

    RewriteMergePolicy(MergePolicy in) {
        super(in);
    }

    @Override
    public MergeSpecification findMerges(MergeTrigger trigger, SegmentInfos infos, MergeContext context) {
        return null;
    }

    @Override
    public MergeSpecification findForcedMerges(SegmentInfos infos, int maxSegmentCount,
                                               Map<SegmentCommitInfo, Boolean> segmentsToMerge,
                                               MergeContext context) {
        List<SegmentCommitInfo> originals = new ArrayList<>();
        for (SegmentCommitInfo info : infos) {
            if (Boolean.TRUE.equals(segmentsToMerge.get(info)) && !context.getMergingSegments().contains(info)) {
                originals.add(info);
            }
        }
        if (originals.isEmpty()) {
            return null;
        }
        MergeSpecification spec = new MergeSpecification();
        spec.add(new OneMerge(originals));
        return spec;
    }

    @Override
    public MergeSpecification findFullFlushMerges(MergeTrigger trigger, SegmentInfos infos, MergeContext context) {
        return null;
    }
}
