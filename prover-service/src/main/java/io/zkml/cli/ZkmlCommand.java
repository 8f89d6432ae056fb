package io.zkml.cli;

import io.zkml.core.io.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import io.zkml.compiler.CompileException;
import io.zkml.core.io.FormatException;
import io.zkml.prover.backend.DeviceMemoryException;
import io.zkml.prover.groth16.InvalidWitnessException;
import picocli.CommandLine.Command;

/**
 * The {@code zkml} command line. Exit codes, the same for every verb: 0 success (for {@code verify}: the
 * proof is valid), 1 a negative answer ({@code verify}: invalid), 2 malformed input or usage, 3 an internal
 * error; 2 and 3 with a one-line reason on standard error and no stack trace (unless {@code --verbose} or the
 * environment variable {@code ZKML_DEBUG} is set). {@code --quiet} (every verb) keeps standard error to
 * warnings, and to everything when the command fails.
 */
@Command(name = "zkml",
        mixinStandardHelpOptions = true,
        versionProvider = ZkmlCommand.Version.class,
        description = "Zero-knowledge proofs of machine-learning inference: Groth16 over BN254, snarkjs-compatible.",
        footerHeading = "%n",
        footer = "Start with: zkml demo. Every command takes --help; zkml completion prints a bash completion script.",
        subcommands = {CompileCommand.class, WitnessCommand.class, SetupCommand.class, ExportVkCommand.class, ZkeyCommand.class,
                ContributeCommand.class, ContributeCommand.Beacon.class, PtauCommand.class, ProveCommand.class, VerifyCommand.class, VerifyBundleCommand.class,
                CalldataCommand.class, ExportVerifierCommand.class, CommitCommand.class, InspectCommand.class, DemoCommand.class, BenchCommand.class, CompletionCommand.class,
                ServeCommand.class,
                WorkerCommand.class,
                CommandLine.HelpCommand.class})
public final class ZkmlCommand extends ZkmlRoot implements Runnable {

    /** Exit code of a negative answer, e.g. an invalid proof. */
    public static final int EXIT_NEGATIVE = 1;
    /** Exit code of malformed input or wrong usage. */
    public static final int EXIT_MALFORMED = 2;
    /** Exit code of an internal error: a bug, not the user's input. */
    public static final int EXIT_INTERNAL = 3;
    /** The exit codes, as every command's help states them. */
    static final String EXIT_CODES = "Exit codes: 0 ok; 1 verification false (a negative answer); 2 bad input or usage; 3 internal error.";

    public static void main(String[] args) {
        Trace.mark("main");
        boolean terminal = System.console() != null && System.console().isTerminal();
        int exit = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), terminal, args);
        Trace.mark("exit");
        System.exit(exit);
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, false, args);
    }

    private static int execute(PrintWriter out, PrintWriter err, boolean terminal, String... args) {
        Class<?> verb = args.length == 0 ? null : verb(args[0]);
        ZkmlRoot root = verb == null ? new ZkmlCommand() : new ZkmlRoot();
        root.terminal = terminal;
        CommandLine cli = new CommandLine(root);
        if (verb != null) {
            cli.addSubcommand(new CommandLine(verb));
        }
        cli.setOut(out);
        cli.setErr(err);
        addExitCodes(cli);
        QuietWriter[] held = new QuietWriter[1];
        cli.setExecutionStrategy(parsed -> {
            for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
                root.quiet |= p.hasMatchedOption("--quiet");
                root.verbose |= p.hasMatchedOption("--verbose");
            }
            if (root.quiet) {
                held[0] = new QuietWriter(err);
                cli.setErr(new PrintWriter(held[0], true));
            }
            Trace.mark("command line parsed");
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean user = isUserError(e);
            String name = cmd.getCommandSpec().qualifiedName();
            err.println(name + ": " + (user ? "" : "internal error: ") + reason(e) + (user || root.debug() ? ""
                    : " (a bug in zkml; --verbose or ZKML_DEBUG=1 shows the stack trace)"));
            if (root.debug()) {
                e.printStackTrace(err);
            }
            return user ? EXIT_MALFORMED : EXIT_INTERNAL;
        });
        int exit = cli.execute(args);
        if (held[0] != null) {
            held[0].release(exit != 0);
        }
        out.flush(); // what a command print()ed without a newline (an autoflushing writer flushes only on println)
        err.flush();
        return exit;
    }

    /**
     * The verb a command line starts with, when it is one of ours that needs no other verb registered (help and
     * completion walk the whole tree), else null.
     */
    private static Class<?> verb(String first) {
        for (Class<?> c : ZkmlCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (c != CommandLine.HelpCommand.class && c != CompletionCommand.class && command != null
                    && (command.name().equals(first) || java.util.Arrays.asList(command.aliases()).contains(first))) {
                return c;
            }
        }
        return null;
    }

    /** Appends the exit codes to the help of a command and its subcommands (once). */
    private static void addExitCodes(CommandLine cmd) {
        CommandLine.Model.UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
        java.util.List<String> footer = new java.util.ArrayList<>(java.util.List.of(usage.footer()));
        if (!footer.contains(EXIT_CODES)) {
            footer.add(EXIT_CODES);
            usage.footerHeading("%n").footer(footer.toArray(String[]::new));
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            addExitCodes(sub);
        }
    }

    /**
     * Whether an exception is about the user's input or environment (exit 2): malformed or missing files, a model
     * the compiler cannot handle, a wrong option value, a key too large for the GPU. Anything else (a null pointer, an index out of bounds) is a
     * bug (exit 3).
     */
    static boolean isUserError(Throwable e) {
        return e instanceof FormatException || e instanceof CompileException || e instanceof IllegalArgumentException
                || e instanceof IOException || e instanceof UncheckedIOException || e instanceof CommandLine.ParameterException
                || e instanceof InvalidWitnessException || e instanceof OutOfMemoryError || e instanceof DeviceMemoryException;
    }

    /** One line that says what went wrong, without a stack trace. */
    static String reason(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String msg = t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + msg;
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + msg + "): give the JVM more, e.g. ZKML_JAVA_OPTS=-Xmx16g";
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
