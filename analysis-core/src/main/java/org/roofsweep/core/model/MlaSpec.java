package org.roofsweep.core.model;

/**
 * Multi-head latent attention (DeepSeek-V2, arXiv 2405.04434 Sec. 2.1): keys and values are rebuilt from one
 * compressed latent of {@code kvLoraRank} elements per token plus a shared rotary key of {@code qkRopeHeadDim}; only
 * those are cached. {@code qLoraRank} is 0 when queries are projected directly (DeepSeek-V2-Lite).
 */
public record MlaSpec(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim)
        implements java.io.Serializable {

    public MlaSpec {
        if (qLoraRank < 0 || kvLoraRank < 1 || qkNopeHeadDim < 1 || qkRopeHeadDim < 1 || vHeadDim < 1) {
            throw new IllegalArgumentException("bad MLA shape " + qLoraRank + "/" + kvLoraRank + "/" + qkNopeHeadDim
                    + "/" + qkRopeHeadDim + "/" + vHeadDim);
        }
    }

    /** Elements one token adds to one layer's cache: the latent and the rotary key (the paper's (d_c + d_h^R)). */
    public int cachedElementsPerToken() {
        return kvLoraRank + qkRopeHeadDim;
    }

    /** Width of one query (and key) head: its non-rotary and rotary parts. */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    /** Weights of one layer's attention: query path, the KV down-projection, the KV up-projection and the output. */
    public double parameters(int hidden, int heads) {
        double d = hidden;
        double query = qLoraRank == 0 ? d * heads * qkHeadDim()
                : d * qLoraRank + (double) qLoraRank * heads * qkHeadDim();
        double down = d * cachedElementsPerToken();
        double up = (double) kvLoraRank * heads * (qkNopeHeadDim + vHeadDim);
        double out = (double) heads * vHeadDim * d;
        return query + down + up + out;
    }
}
