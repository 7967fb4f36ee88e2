namespace Awards.Testing;

/// <summary>Where things are in the repository, found from the test's own location.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Awards.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>"Debug" or "Release": the configuration the tests were built in (the runner was built the same way).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built local runner.</summary>
    public static string RunnerDll => Path.Combine(Root, "functions", "Awards.LocalRunner", "bin", Configuration, "net10.0", "Awards.LocalRunner.dll");

    /// <summary>The Functions app's generated function list.</summary>
    public static string FunctionsMetadata => Path.Combine(Root, "functions", "Awards.FunctionApp", "bin", Configuration, "net10.0", "functions.metadata");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Awards.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find Awards.sln above " + AppContext.BaseDirectory);
    }
}
