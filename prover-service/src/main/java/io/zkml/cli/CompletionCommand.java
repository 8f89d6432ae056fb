package io.zkml.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = {"Prints a bash (and zsh, after 'autoload -U +X bashcompinit && bashcompinit') completion script for zkml.",
                "Use it with: source <(./zkml completion)   or save it: ./zkml completion > ~/.local/share/bash-completion/completions/zkml"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("zkml", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
