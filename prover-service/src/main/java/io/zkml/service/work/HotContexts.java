package io.zkml.service.work;

import io.zkml.bundle.CircuitFolder;
import io.zkml.compiler.circuit.Circuit;
import io.zkml.prover.groth16.ProvingContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proving contexts of the most recently used circuits, kept open (keys mapped, or uploaded to a device):
 * at most {@code capacity}; the least recently used one is closed when another is opened, once no proof is
 * using it.
 */
final class HotContexts implements AutoCloseable {

    /**
     * An open circuit: the compiled model (for witnesses), the circuit folder as it was when the key was opened
     * (its key record names that key), and the proving context.
     */
    static final class Entry {
        final Circuit circuit;
        final CircuitFolder folder;
        final ProvingContext context;
        private int users;
        private boolean evicted;

        Entry(Circuit circuit, CircuitFolder folder, ProvingContext context) {
            this.circuit = circuit;
            this.folder = folder;
            this.context = context;
        }
    }

    @FunctionalInterface
    interface Opener {
        Entry open() throws Exception;
    }

    private final int capacity;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    HotContexts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the context cache must hold at least one circuit, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** The entry of a model, opened if needed; give it back with {@link #release}. */
    Entry acquire(String modelId, Opener opener) throws Exception {
        synchronized (this) {
            Entry e = entries.get(modelId);
            if (e != null) {
                e.users++;
                return e;
            }
        }
        Entry fresh = opener.open(); // outside the lock: opening a key takes a while
        List<Entry> toClose = new ArrayList<>();
        Entry result;
        synchronized (this) {
            Entry raced = entries.get(modelId);
            if (raced != null) {
                toClose.add(fresh);
                result = raced;
            } else {
                entries.put(modelId, fresh);
                result = fresh;
                Iterator<Entry> it = entries.values().iterator();
                while (entries.size() > capacity && it.hasNext()) {
                    Entry old = it.next();
                    if (old != fresh) {
                        it.remove();
                        old.evicted = true;
                        if (old.users == 0) {
                            toClose.add(old);
                        }
                    }
                }
            }
            result.users++;
        }
        toClose.forEach(x -> x.context.close());
        return result;
    }

    void release(Entry e) {
        boolean close;
        synchronized (this) {
            e.users--;
            close = e.evicted && e.users == 0;
        }
        if (close) {
            e.context.close();
        }
    }

    /** Forgets a model's context (its key changed); closed once unused. */
    void invalidate(String modelId) {
        Entry e;
        synchronized (this) {
            e = entries.remove(modelId);
            if (e == null) {
                return;
            }
            e.evicted = true;
            if (e.users > 0) {
                return;
            }
        }
        e.context.close();
    }

    @Override
    public synchronized void close() {
        entries.values().forEach(e -> {
            e.evicted = true;
            if (e.users == 0) {
                e.context.close();
            }
        });
        entries.clear();
    }
}
