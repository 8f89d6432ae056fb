package io.zkml.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code zkml} command line. Exit codes, the same for every verb: 0 success (for {@code verify}: the
 * proof is valid), 1 a negative answer ({@code verify}: invalid), 2 malformed input or usage, with a one-line
 * reason on standard error and no stack trace.
 */
@Command(name = "zkml",
        mixinStandardHelpOptions = true,
        versionProvider = ZkmlCommand.Version.class,
        description = "Zero-knowledge proofs of machine-learning inference: Groth16 over BN254, snarkjs-compatible.",
        subcommands = {CompileCommand.class, WitnessCommand.class, SetupCommand.class, ExportVkCommand.class, ZkeyCommand.class,
                ContributeCommand.class, ContributeCommand.Beacon.class, PtauCommand.class, ProveCommand.class, VerifyCommand.class,
                CalldataCommand.class, ExportVerifierCommand.class, CommitCommand.class, InspectCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class ZkmlCommand implements Runnable {

    /** Exit code of a negative answer, e.g. an invalid proof. */
    public static final int EXIT_NEGATIVE = 1;
    /** Exit code of malformed input or wrong usage. */
    public static final int EXIT_MALFORMED = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new ZkmlCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + reason(e));
            return EXIT_MALFORMED;
        });
        return cli.execute(args);
    }

    /** One line that says what went wrong, without a stack trace. */
    static String reason(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String msg = t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + msg;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + msg;
        }
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version recorded at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = ZkmlCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"zkml " + p.getProperty("version", "unknown") + " (Java " + Runtime.version() + ")"};
        }
    }
}
