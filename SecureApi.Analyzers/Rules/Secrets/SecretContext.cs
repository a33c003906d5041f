namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>What receives a value stored under a credential name (SAPI7001), when that changes how the value is judged.</summary>
internal enum SecretContext
{
    /// <summary>A member, variable, key or parameter of the user's own code: the name alone says what the value is.</summary>
    Plain,

    /// <summary>
    /// A credential parameter or property of an API that takes credentials (<c>NetworkCredential</c>'s password,
    /// <c>SqlConnectionStringBuilder.Password</c>, IdentityServer's <c>new Secret(...)</c>): the value is the credential
    /// even when it spells the name (<c>new NetworkCredential("user", "password")</c> is a weak password, not a field name).
    /// </summary>
    CredentialApi,

    /// <summary>
    /// A parameter of a method that is not about authentication (a parser's <c>Expect(token: "h2")</c>): a short code
    /// passed as a <c>token</c> is a lexical token, not a credential.
    /// </summary>
    OtherApi,
}
