package io.lclstream.flink.image;

import java.util.List;

/** Owns the machine-readable reasons under which an image reference or image is rejected. */
public final class ImageReasons {
    public static final String TOO_SMALL = "image.too_small";
    public static final String ASPECT = "image.aspect";
    public static final String BOMB = "image.bomb";
    public static final String UNDECODABLE = "image.undecodable";
    public static final String TOO_LARGE = "image.too_large";

    public static final String FETCH_TIMEOUT = "fetch.timeout";
    /** Prefix: the full reason is {@code fetch.http_<status>}, e.g. {@code fetch.http_404}. */
    public static final String FETCH_HTTP_PREFIX = "fetch.http_";
    public static final String FETCH_ADDRESS_REFUSED = "fetch.address_refused";
    public static final String FETCH_IO = "fetch.io_error";
    public static final String FETCH_BAD_URL = "fetch.bad_url";
    public static final String FETCH_SCHEME_REFUSED = "fetch.scheme_refused";
    public static final String FETCH_TOO_MANY_REDIRECTS = "fetch.too_many_redirects";
    public static final String FETCH_FILE_REFUSED = "fetch.file_refused";
    public static final String FETCH_FILE_NOT_FOUND = "fetch.file_not_found";

    /** Every fixed reason; {@code fetch.http_<status>} reasons come in addition. */
    public static final List<String> ALL = List.of(TOO_SMALL, ASPECT, BOMB, UNDECODABLE, TOO_LARGE, FETCH_TIMEOUT,
            FETCH_ADDRESS_REFUSED, FETCH_IO, FETCH_BAD_URL, FETCH_SCHEME_REFUSED, FETCH_TOO_MANY_REDIRECTS,
            FETCH_FILE_REFUSED, FETCH_FILE_NOT_FOUND);

    private ImageReasons() {
    }

    /** {@code fetch.http_<status>}. */
    public static String http(int status) {
        return FETCH_HTTP_PREFIX + status;
    }
}
