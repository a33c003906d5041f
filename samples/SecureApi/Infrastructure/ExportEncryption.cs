using System.Security.Cryptography;

namespace SecureApi.Infrastructure;

/// <summary>Order exports are encrypted before they leave for a partner's SFTP drop.</summary>
public static class ExportEncryption
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] DeriveExportKey(string passphrase, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, 600_000, HashAlgorithmName.SHA256, 32);

    public static byte[] EncryptForPartner(byte[] export, byte[] key)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var tag = new byte[TagSize];
        var body = new byte[export.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, export, body, tag);
        return [.. nonce, .. tag, .. body];
    }

    public static byte[] EncryptForWarehouse(byte[] export, byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        aes.GenerateIV();
        var body = aes.EncryptCbc(export, aes.IV);
        return [.. aes.IV, .. body];
    }
}
