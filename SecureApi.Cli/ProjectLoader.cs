using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Cli;

/// <summary>A project that could not be loaded, and why.</summary>
public sealed record LoadFailure(string Path, string Message);

/// <summary>What was opened: the workspace (kept to write fixes back), the solution to analyze, and the failures.</summary>
public sealed class LoadedProjects(MSBuildWorkspace workspace, Solution solution, IReadOnlyList<ProjectId> projects, IReadOnlyList<LoadFailure> failures, string root)
    : IDisposable
{
    public MSBuildWorkspace Workspace { get; } = workspace;

    /// <summary>The workspace's solution plus what the analysis needs (appsettings*.json, the --config file).</summary>
    public Solution Solution { get; } = solution;

    public IReadOnlyList<ProjectId> Projects { get; } = projects;

    public IReadOnlyList<LoadFailure> Failures { get; } = failures;

    /// <summary>The repository root (nearest folder with .git), to which reported paths are relative.</summary>
    public string Root { get; } = root;

    public void Dispose() => Workspace.Dispose();
}

/// <summary>
/// Opens a solution, a project or every project under a folder the way an IDE does (MSBuildWorkspace), after a
/// <c>dotnet restore</c> that may fail: analysis then runs on whatever binds.
/// </summary>
public static class ProjectLoader
{
    private static readonly object LocatorGate = new();

    public static async Task<LoadedProjects> LoadAsync(CommandLine options, ProgressDisplay progress, TextWriter error, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.Path);
        var projectFiles = ProjectFiles(path);
        (string Path, string Text)? config = options.ConfigFile is null ? null : ReadConfig(options.ConfigFile);
        var problems = new LoadProblems();

        if (options.Restore)
        {
            foreach (var target in path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || IsSolution(path) ? [path] : projectFiles)
            {
                progress.Report("Restoring", 1, 1, Path.GetFileName(target));
                var (succeeded, output) = Restore.Run(target, options.Properties);
                if (!succeeded)
                {
                    problems.AddRestoreOutput(target, output);
                }
            }
        }

        RegisterMSBuild();
        var loaded = await OpenAsync(path, projectFiles, options, config, problems, progress, cancellationToken);
        problems.Write(error, options.Verbose, loaded.Root, loaded.Failures.Select(f => f.Path));
        return loaded;
    }

    private static void RegisterMSBuild()
    {
        lock (LocatorGate)
        {
            if (MSBuildLocator.CanRegister)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }
    }

    private static async Task<LoadedProjects> OpenAsync(
        string path,
        IReadOnlyList<string> projectFiles,
        CommandLine options,
        (string Path, string Text)? config,
        LoadProblems problems,
        ProgressDisplay progress,
        CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create(options.Properties.ToDictionary(p => p.Key, p => p.Value));
        var failures = new List<LoadFailure>();
        try
        {
            if (IsSolution(path))
            {
                progress.Report("Loading", 1, 1, Path.GetFileName(path));
                try
                {
                    await workspace.OpenSolutionAsync(path, cancellationToken: cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failures.Add(new LoadFailure(path, OneLine(exception.Message)));
                }
            }
            else
            {
                for (var i = 0; i < projectFiles.Count; i++)
                {
                    var file = projectFiles[i];
                    progress.Report("Loading", i + 1, projectFiles.Count, Path.GetFileNameWithoutExtension(file));
                    if (workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, file, StringComparison.OrdinalIgnoreCase)))
                    {
                        continue; // already loaded as a reference of an earlier project
                    }

                    try
                    {
                        await workspace.OpenProjectAsync(file, cancellationToken: cancellationToken);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        failures.Add(new LoadFailure(file, OneLine(exception.Message)));
                    }
                }
            }

            progress.Done();
            foreach (var diagnostic in workspace.Diagnostics.Where(d => d.Kind == WorkspaceDiagnosticKind.Failure))
            {
                // "Msbuild failed when processing the file '...' with message: ...". A project that loaded anyway (a
                // package that did not restore) is analyzed, with a warning; one that is missing failed to load.
                // The message names the project (a solution's projects are not in projectFiles).
                var named = workspace.CurrentSolution.Projects.FirstOrDefault(p => p.FilePath is { } f && diagnostic.Message.Contains(f, StringComparison.OrdinalIgnoreCase));
                var failedPath = named?.FilePath ?? projectFiles.FirstOrDefault(p => diagnostic.Message.Contains(p, StringComparison.OrdinalIgnoreCase)) ?? path;
                problems.AddWorkspaceMessage(failedPath, diagnostic.Message);

                // docker-compose.dcproj, database or front-end projects in a solution: not C#, nothing to analyze.
                if (diagnostic.Message.Contains("is not associated with a language", StringComparison.Ordinal))
                {
                    continue;
                }

                if (named is not { DocumentIds.Count: > 0 } && !failures.Any(f => f.Path == failedPath))
                {
                    failures.Add(new LoadFailure(failedPath, LoadProblems.Explain(diagnostic.Message, projectLoaded: false) ?? OneLine(diagnostic.Message)));
                }
            }

            // Scanning a project scans that project; the projects it references only when asked (a sample that
            // references the analyzers must not report on the analyzers' own source).
            var scanned = options.IncludeReferences ? null : new HashSet<string>(
                IsSolution(path) ? SolutionProjects.Read(path) : projectFiles, StringComparer.OrdinalIgnoreCase);
            var solution = workspace.CurrentSolution;
            var projects = solution.Projects
                .Where(p => p.Language == LanguageNames.CSharp && !failures.Any(f => string.Equals(f.Path, p.FilePath, StringComparison.OrdinalIgnoreCase)))
                .Where(p => scanned is null || (p.FilePath is { } file && scanned.Contains(Path.GetFullPath(file))))
                .Select(p => p.Id)
                .ToList();
            foreach (var id in projects)
            {
                solution = Prepare(solution.GetProject(id)!, config).Solution;
            }

            return new LoadedProjects(workspace, solution, projects, failures, RepositoryRoot(path));
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What the NuGet package's props would add: appsettings*.json as AdditionalFiles (SAPI7003 reads them), and the
    /// --config file as a global analyzer config.
    /// </summary>
    private static Project Prepare(Project project, (string Path, string Text)? config)
    {
        if (project.FilePath is { } file && Path.GetDirectoryName(file) is { } directory)
        {
            foreach (var json in Directory.EnumerateFiles(directory, "appsettings*.json").Order(StringComparer.Ordinal))
            {
                if (!project.AdditionalDocuments.Any(d => string.Equals(d.FilePath, json, StringComparison.OrdinalIgnoreCase)))
                {
                    project = project.AddAdditionalDocument(Path.GetFileName(json), SourceText.From(File.ReadAllText(json)), filePath: json).Project;
                }
            }
        }

        if (config is { } global)
        {
            project = project.AddAnalyzerConfigDocument(Path.GetFileName(global.Path), SourceText.From(global.Text), filePath: global.Path).Project;
        }

        return project;
    }

    /// <summary>The --config file as a global config (<c>is_global = true</c> is added when missing).</summary>
    private static (string Path, string Text) ReadConfig(string file)
    {
        var path = Path.GetFullPath(file);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            throw new CliException(ExitCodes.ConfigUnreadable, $"cannot read config '{file}': {OneLine(exception.Message)}");
        }

        if (text.Contains('\0'))
        {
            throw new CliException(ExitCodes.ConfigUnreadable, $"config '{file}' is not a text file");
        }

        var isGlobal = text.Split('\n').Any(l => l.Replace(" ", string.Empty).Trim().Equals("is_global=true", StringComparison.OrdinalIgnoreCase));

        // A global config applies to every file wherever it lives; give it a name of its own so that it never
        // replaces a project's .editorconfig.
        return (Path.Combine(Path.GetDirectoryName(path)!, "secureapi-cli-" + Path.GetFileName(path) + ".globalconfig"),
            isGlobal ? text : "is_global = true\n" + text);
    }

    private static IReadOnlyList<string> ProjectFiles(string path)
    {
        if (File.Exists(path))
        {
            if (IsSolution(path) || path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                return [path];
            }

            throw new CliException(ExitCodes.Usage, $"'{path}' is not a solution (.sln, .slnx), a C# project (.csproj) or a folder");
        }

        if (!Directory.Exists(path))
        {
            throw new CliException(ExitCodes.PathNotFound, $"path '{path}' does not exist");
        }

        var projects = Directory.EnumerateFiles(path, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "node_modules"))
            .Order(StringComparer.Ordinal)
            .ToList();
        return projects.Count > 0 ? projects : throw new CliException(ExitCodes.PathNotFound, $"no C# project (.csproj) under '{path}'");
    }

    private static bool IsSolution(string path) =>
        path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    private static string RepositoryRoot(string path)
    {
        var start = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
            {
                return directory.FullName;
            }
        }

        return start;
    }

    internal static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
