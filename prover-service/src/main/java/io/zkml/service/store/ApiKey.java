package io.zkml.service.store;

/**
 * An API key as stored: its name (the identity that owns models and proofs), its role, and the SHA-256 of the
 * secret (the secret itself is never stored).
 */
public record ApiKey(String name, Role role, String sha256) {
}
