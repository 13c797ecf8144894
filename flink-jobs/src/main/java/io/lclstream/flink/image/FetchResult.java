package io.lclstream.flink.image;

/** The closed outcome of fetching one image reference: its bytes, or why not. */
public sealed interface FetchResult permits FetchResult.Fetched, FetchResult.Failed {

    /**
     * @param bytes the body, at most the configured maximum
     * @param mime  the Content-Type without parameters (or a guess for {@code file:}), never null
     */
    record Fetched(byte[] bytes, String mime) implements FetchResult {
        @Override
        public String toString() {
            return "Fetched[" + bytes.length + " bytes, " + mime + "]";
        }
    }

    /**
     * @param reason machine-readable reason, see {@link ImageReasons}
     * @param detail human-readable: the URL, what happened and the limit involved
     */
    record Failed(String reason, String detail) implements FetchResult {
    }
}
