using Mash.Cli;

// mash-cli demo [--contacts DIR] [--intake URL] [--audit URL]
var options = CommandLine.Parse(args);
return options.Command switch
{
    "demo" => await Demo.RunAsync(options),
    _ => CommandLine.Usage(),
};
