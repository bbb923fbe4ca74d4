using CartifFlow.Cli;

return await CliCommands.RunAsync(args);
