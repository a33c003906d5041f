using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>Where findings about a minimal-API endpoint are reported.</summary>
internal static class EndpointLocations
{
    /// <summary>The <c>MapGet</c> name: the endpoint's line, without the (often long) handler lambda.</summary>
    public static Location MapName(IInvocationOperation invocation) =>
        invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: var name } }
            ? name.GetLocation()
            : invocation.GetMemberNameLocation();
}
