package io.zkml.service.store;

/**
 * A registered model.
 *
 * @param id the model's id
 * @param owner the name of the key that registered it
 * @param status compiling, setup, ready or failed
 * @param error why it failed, or null
 * @param options the compile options as the request gave them (JSON)
 * @param created milliseconds since the epoch
 */
public record ModelRecord(String id, String owner, String status, String error, String options, long created) {

    public static final String COMPILING = "compiling";
    public static final String SETUP = "setup";
    public static final String READY = "ready";
    public static final String FAILED = "failed";
}
