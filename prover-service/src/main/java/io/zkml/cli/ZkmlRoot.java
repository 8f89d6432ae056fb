package io.zkml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root of the command line without its verbs: the options every verb inherits. {@link ZkmlCommand} adds the
 * verbs; {@link ZkmlCommand#execute} builds only this root and the one verb named first on the command line
 * (Picocli reflects over every option of every command it registers, a few hundred milliseconds of a short
 * command's start), and the whole tree for help, completion and anything else.
 */
@Command(name = "zkml", mixinStandardHelpOptions = true, versionProvider = ZkmlCommand.Version.class)
class ZkmlRoot {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "standard error only for warnings, or for everything when the command fails")
    boolean quiet;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "the stack trace of an error (as the environment variable ZKML_DEBUG=1)")
    boolean verbose;

    /** Whether standard error is a terminal that progress bars may redraw (main's streams only). */
    boolean terminal;

    /** Whether a long step may draw a progress bar: standard error is a terminal and --quiet is off. */
    boolean progressBars() {
        return terminal && !quiet;
    }

    boolean quiet() {
        return quiet;
    }

    boolean verbose() {
        return verbose;
    }

    boolean debug() {
        String env = System.getenv("ZKML_DEBUG");
        return verbose || env != null && !env.isBlank() && !env.equals("0");
    }
}
