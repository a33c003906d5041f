namespace SecureApi.Analyzers.Tests.Infrastructure;

public static class TestSources
{
    public const string GlobalUsingsPath = "/0/Test.GlobalUsings.cs";

    /// <summary>What the Web SDK's implicit usings generate, so snippets read like a user's code.</summary>
    public const string WebSdkGlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;

        """;
}
