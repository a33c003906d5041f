using System.Security.Cryptography;

namespace VulnerableApi.Infrastructure;

/// <summary>Order exports are encrypted before they leave for a partner's SFTP drop.</summary>
public static class ExportEncryption
{
    public static byte[] DeriveExportKey(string passphrase, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, 10_000, HashAlgorithmName.SHA256, 24);

    public static byte[] EncryptForPartner(byte[] export, byte[] key)
    {
        using var cipher = TripleDES.Create();
        cipher.Key = key;
        var body = cipher.EncryptCbc(export, cipher.IV);
        return [.. cipher.IV, .. body];
    }

    /// <summary>The warehouse decrypts with a fixed IV agreed in 2019.</summary>
    public static byte[] EncryptForWarehouse(byte[] export, byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var iv = new byte[16];
        return aes.EncryptCbc(export, iv);
    }
}
