// Checks and makes the SM2 signatures of a random-inspection ledger with BouncyCastle, as a Java system would
// (docs/security.md, "Checking an entry with OpenSSL or Java"). SM3withSM2 per GM/T 0009, with the user id
// 1234567812345678; public keys as SubjectPublicKeyInfo PEM, private keys as PKCS#8 PEM, signatures as DER.
//
//   java -cp /usr/share/java/bcprov.jar Sm2Check.java verify PUBLIC.pem MESSAGE SIGNATURE.der
//   java -cp /usr/share/java/bcprov.jar Sm2Check.java sign PRIVATE.pem MESSAGE SIGNATURE.der
//
// MESSAGE is the file of the bytes signed: for a ledger entry, the UTF-8 text of its entry hash (64 hex digits).
// `verify` prints "verified" and exits 0, or prints "NOT verified" and exits 1.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

public final class Sm2Check {
    private static final byte[] USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private static byte[] pem(Path file, String label) throws Exception {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
        int from = text.indexOf(begin), to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + " is not a PEM " + label);
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    private static Signature sm3WithSm2() throws Exception {
        Signature signature = Signature.getInstance("SM3withSM2", "BC");
        signature.setParameter(new SM2ParameterSpec(USER_ID));
        return signature;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Sm2Check verify PUBLIC.pem MESSAGE SIGNATURE.der | sign PRIVATE.pem MESSAGE SIGNATURE.der");
            System.exit(2);
        }
        Security.addProvider(new BouncyCastleProvider());
        KeyFactory keys = KeyFactory.getInstance("EC", "BC");
        byte[] message = Files.readAllBytes(Path.of(args[2]));
        Signature signature = sm3WithSm2();
        if (args[0].equals("verify")) {
            PublicKey key = keys.generatePublic(new X509EncodedKeySpec(pem(Path.of(args[1]), "PUBLIC KEY")));
            signature.initVerify(key);
            signature.update(message);
            boolean ok = signature.verify(Files.readAllBytes(Path.of(args[3])));
            System.out.println(ok ? "verified" : "NOT verified");
            System.exit(ok ? 0 : 1);
        } else if (args[0].equals("sign")) {
            PrivateKey key = keys.generatePrivate(new PKCS8EncodedKeySpec(pem(Path.of(args[1]), "PRIVATE KEY")));
            signature.initSign(key);
            signature.update(message);
            Files.write(Path.of(args[3]), signature.sign());
            System.out.println("signed");
        } else {
            System.err.println("the first argument is verify or sign");
            System.exit(2);
        }
    }
}
