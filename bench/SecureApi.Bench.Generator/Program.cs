using SecureApi.Bench.Generator;

// dotnet run --project bench/SecureApi.Bench.Generator -- --out <dir> [--size 150k] [--seed 42]
string? outDir = null;
var size = SolutionGenerator.DefaultSize;
var seed = SolutionGenerator.DefaultSeed;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--out" when value is not null:
            outDir = value;
            i++;
            break;
        case "--size" when value is not null && SizeArgument.TryParse(value, out var parsed):
            size = parsed;
            i++;
            break;
        case "--seed" when value is not null && int.TryParse(value, out var parsedSeed):
            seed = parsedSeed;
            i++;
            break;
        default:
            return Usage($"unexpected or invalid argument '{args[i]}'");
    }
}

if (outDir is null)
{
    return Usage("--out is required");
}

if (size < SolutionGenerator.MinSize || size > SolutionGenerator.MaxSize)
{
    return Usage($"--size must be between {SolutionGenerator.MinSize} and {SolutionGenerator.MaxSize} lines");
}

var result = SolutionGenerator.Generate(outDir, size, seed);
Console.WriteLine($"Wrote {result.SolutionPath}");
Console.WriteLine($"{result.Projects} projects, {result.Files} C# files, {result.Lines} lines of C# (asked for {size}), {result.Features} features, {result.FlaggedSites} deliberately insecure sites");
return 0;

static int Usage(string error)
{
    Console.Error.WriteLine("error: " + error);
    Console.Error.WriteLine("usage: SecureApi.Bench.Generator --out <dir> [--size <lines, e.g. 150000, 15k, 1m>] [--seed <int>]");
    return 2;
}
