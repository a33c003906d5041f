using SecureApi.Bench;

// dotnet run -c Release --project bench/SecureApi.Bench -- [--size 150k] [--runs 3] [--scaling 15k,600k] ...
// dotnet run -c Release --project bench/SecureApi.Bench -- profile --binlog FILE --analyzers DIR [--project Bench.Api] [--runs 3] [--only Name,Name] [--together]
// (bench/README.md lists every option.)
try
{
    if (args.Length > 0 && args[0] == "profile")
    {
        return await AnalyzerProfile.RunAsync(args[1..]);
    }

    var options = BenchOptions.Parse(args);
    var commandLine = "dotnet run -c Release --project bench/SecureApi.Bench --" + (args.Length == 0 ? "" : " " + string.Join(' ', args));
    var results = await new BenchmarkRun(options, message => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {message}")).RunAsync(commandLine);
    var report = MarkdownReport.Write(results, Machine.Describe());
    Console.WriteLine(report);
    if (options.ReportPath is not null)
    {
        File.WriteAllText(options.ReportPath, report);
        Console.Error.WriteLine($"Wrote {options.ReportPath}");
    }

    return 0;
}
catch (UsageException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/SecureApi.Bench -- [--size 150k] [--runs 3] [--scaling 15k,600k|none] [--scaling-runs 1] [--warmups 2] [--latency-runs 30] [--sets none,secureapi,scs,sonar,ca] [--work DIR] [--report FILE] [--seed 42]");
    return 2;
}
catch (BenchException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
