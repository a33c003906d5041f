using Microsoft.Build.Logging.StructuredLogger;

namespace SecureApi.Bench;

/// <summary>
/// Reads a binary log of a build run with <c>-p:ReportAnalyzer=true</c>: Csc task durations, each task's analyzer
/// table (parsed as text by <see cref="AnalyzerTable"/>, independent of how a StructuredLogger version groups those
/// messages) and the warnings.
/// </summary>
internal static class BinlogReader
{
    internal static BuildMeasurement Read(string binlogPath, TimeSpan wallTime)
    {
        var build = BinaryLog.ReadBuild(binlogPath);
        if (!build.Succeeded)
        {
            throw new BenchException($"the build in {binlogPath} failed");
        }

        var measurement = new BuildMeasurement { WallTime = wallTime };
        var compilerTasks = 0;
        build.VisitAllChildren<Microsoft.Build.Logging.StructuredLogger.Task>(task =>
        {
            if (task.Name != "Csc")
            {
                return;
            }

            compilerTasks++;
            measurement.CompilerTime += task.Duration;
            ReadAnalyzerTable(task, measurement);
        });
        build.VisitAllChildren<Warning>(warning =>
        {
            var id = warning.Code ?? "";
            measurement.WarningsById[id] = measurement.WarningsById.GetValueOrDefault(id) + 1;
        });

        if (compilerTasks == 0)
        {
            throw new BenchException($"no Csc task in {binlogPath} (was the build incremental?)");
        }

        return measurement;
    }

    internal static Microsoft.Build.Logging.StructuredLogger.Task? FindCompilerTask(string binlogPath, string projectName)
    {
        Microsoft.Build.Logging.StructuredLogger.Task? found = null;
        BinaryLog.ReadBuild(binlogPath).VisitAllChildren<Microsoft.Build.Logging.StructuredLogger.Task>(task =>
        {
            if (task.Name == "Csc" && task.GetNearestParent<Project>()?.Name == projectName + ".csproj")
            {
                found = task;
            }
        });
        return found;
    }

    private static void ReadAnalyzerTable(Microsoft.Build.Logging.StructuredLogger.Task task, BuildMeasurement measurement) =>
        AnalyzerTable.Add(task.GetMessages().SelectMany(m => (m.Text ?? "").Split('\n')), measurement);

}
