using Mash.Cli;
using Mash.Cli.Errors;

// mash-cli demo | token | errors (see CommandLine.Usage)
var options = CommandLine.Parse(args);
return options.Command switch
{
    "demo" => await Demo.RunAsync(options),
    "token" => Token.Run(options),
    "errors" => await ErrorsCommand.RunAsync(options),
    _ => CommandLine.Usage(),
};
