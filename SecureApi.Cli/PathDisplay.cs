namespace SecureApi.Cli;

/// <summary>Paths as reports show them: relative to the repository root, '/'-separated.</summary>
public static class PathDisplay
{
    public static string Relative(string root, string path) =>
        Path.IsPathRooted(path) ? Path.GetRelativePath(root, path).Replace('\\', '/') : path;
}
