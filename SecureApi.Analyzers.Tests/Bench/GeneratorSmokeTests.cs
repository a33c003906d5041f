using SecureApi.Analyzers.Tests.EndToEnd;
using SecureApi.Bench.Generator;
using Xunit;

namespace SecureApi.Analyzers.Tests.Bench;

/// <summary>The benchmark's generated solution must build; timing is measured by the bench command, never here.</summary>
public sealed class GeneratorSmokeTests
{
    [Fact]
    public void Generated_solution_builds_without_errors()
    {
        var root = Path.Combine(Path.GetTempPath(), "secureapi-bench-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var result = SolutionGenerator.Generate(root, 3_000, SolutionGenerator.DefaultSeed);
            Assert.InRange(result.Lines, 2_700, 3_300);
            Assert.True(result.FlaggedSites > 0, "the generated code should contain some insecure sites");

            var build = ProcessRunner.Dotnet(root, null, "build", result.SolutionPath, "--disable-build-servers");
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.DoesNotContain(": error ", build.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = Path.Combine(Path.GetTempPath(), "secureapi-bench-" + Guid.NewGuid().ToString("N")[..12]);
        var second = Path.Combine(Path.GetTempPath(), "secureapi-bench-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            SolutionGenerator.Generate(first, 5_000, 7);
            SolutionGenerator.Generate(second, 5_000, 7);
            var files = Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)).Order().ToArray();
            Assert.Equal(files, Directory.GetFiles(second, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second, f)).Order());
            foreach (var file in files)
            {
                Assert.Equal(File.ReadAllText(Path.Combine(first, file)), File.ReadAllText(Path.Combine(second, file)));
            }
        }
        finally
        {
            foreach (var root in new[] { first, second })
            {
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }
    }

    [Theory]
    [InlineData("150000", 150_000)]
    [InlineData("15k", 15_000)]
    [InlineData("1m", 1_000_000)]
    [InlineData("1.5k", 1_500)]
    public void Size_argument_accepts_plain_and_suffixed_numbers(string text, int expected)
    {
        Assert.True(SizeArgument.TryParse(text, out var size));
        Assert.Equal(expected, size);
    }
}
