namespace CartifFlow.TestSupport;

/// <summary>The repository the tests run from.</summary>
public static class TestRepository
{
    /// <summary>The folder holding <c>CartifFlow.sln</c>, found above the test binaries.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CartifFlow.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("CartifFlow.sln not found above the test binaries.");
        }
    }
}
