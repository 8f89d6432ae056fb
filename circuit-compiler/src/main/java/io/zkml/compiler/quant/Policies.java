package io.zkml.compiler.quant;

import java.util.ArrayList;
import java.util.List;

/** The declared policies of a program's steps where an op has no value for part of its input range. */
public final class Policies {

    /** One step's policy. */
    public record Policy(String origin, String text) {
    }

    private Policies() {
    }

    /** Every policy, in step order. */
    public static List<Policy> of(QProgram p) {
        List<Policy> out = new ArrayList<>();
        for (QOp op : p.ops()) {
            String text = switch (op) {
                case Spline s -> s.policy();
                case Quotient q -> q.policy();
                case SquareRoot r -> r.policy();
                case LeadingOne l -> l.policy();
                default -> "";
            };
            if (!text.isEmpty()) {
                out.add(new Policy(op.origin(), text));
            }
        }
        return out;
    }
}
