package io.zkml.service.store;

/**
 * A webhook as stored: where the bundles of one key's proofs go.
 *
 * @param id the webhook's id
 * @param owner the name of the key that registered it (whose proofs it receives)
 * @param url the receiver's http:// or https:// URL
 * @param secret the HMAC-SHA256 key of its deliveries' signatures, kept as given so that any node can sign
 * @param created ms since the epoch
 */
public record Webhook(String id, String owner, String url, String secret, long created) {

    @Override
    public String toString() {
        return "Webhook[" + id + ", owner " + owner + ", " + url + "]"; // never the secret
    }
}
