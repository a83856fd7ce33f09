using Mash.Cli;

// mash-cli demo | token (see CommandLine.Usage)
var options = CommandLine.Parse(args);
return options.Command switch
{
    "demo" => await Demo.RunAsync(options),
    "token" => Token.Run(options),
    _ => CommandLine.Usage(),
};
