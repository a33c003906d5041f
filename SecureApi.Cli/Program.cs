using SecureApi.Cli;

// Progress goes to stderr, and only to a terminal: a redirected stderr (CI logs) stays quiet.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await CliApplication.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected, cancellation.Token);
