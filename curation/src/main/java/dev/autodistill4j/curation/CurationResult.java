package dev.autodistill4j.curation;

/**
 * What a {@link CurationJob} run found.
 *
 * @param texts            input rows
 * @param textsWithMatches rows with at least one match (the only ones that can be kept)
 * @param matches          (text, entry) matches in all
 * @param entriesMatched   entries matched by at least one text
 * @param kept             rows written to {@code kept.jsonl}
 * @param drawsUsed        uniform draws taken
 * @param textsSha256      hex sha256 of the texts file
 */
public record CurationResult(long texts, long textsWithMatches, long matches, int entriesMatched, long kept,
                             long drawsUsed, String textsSha256) {
}
