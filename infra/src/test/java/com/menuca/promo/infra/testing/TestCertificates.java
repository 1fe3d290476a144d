package com.menuca.promo.infra.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test, and server certificates it signs, written as PEM files
 * both PostgreSQL and Kafka read: nothing trusts them but the clients a test points at {@link #caPem()}.
 */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    private TestCertificates(Path directory, KeyPair caKeys, X509Certificate caCert) {
        this.directory = directory;
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    /** A new CA named {@code name}, its certificate written to {@code directory/<name>-ca.pem}. */
    public static TestCertificates newAuthority(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            KeyPair keys = rsaKeys();
            X500Name subject = new X500Name("CN=" + name + " test CA");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))), subject,
                    keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(builder, keys);
            TestCertificates ca = new TestCertificates(directory, keys, cert);
            writePem(ca.caPem(), List.of(cert));
            return ca;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CA: " + e.getMessage(), e);
        }
    }

    /** The CA's certificate (PEM): what clients trust. */
    public Path caPem() {
        return directory.resolve(caName() + "-ca.pem");
    }

    /**
     * A server certificate for {@code 127.0.0.1} and {@code localhost} signed by this CA.
     *
     * @return its PEM files: certificate (with the CA after it), private key (PKCS#8, owner-only), and both in one
     */
    public ServerCertificate issueServer(String name) {
        try {
            KeyPair keys = rsaKeys();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name("CN=localhost, O=" + name), keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCert));
            X509Certificate cert = sign(builder, caKeys);
            Path certPem = directory.resolve(name + ".pem");
            Path keyPem = directory.resolve(name + ".key");
            Path keyAndChain = directory.resolve(name + "-keystore.pem");
            writePem(certPem, List.of(cert, caCert));
            writePem(keyPem, List.of(new JcaPKCS8Generator(keys.getPrivate(), null).generate()));
            writePem(keyAndChain, List.of(new JcaPKCS8Generator(keys.getPrivate(), null).generate(), cert, caCert));
            for (Path secret : List.of(keyPem, keyAndChain)) {
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            }
            return new ServerCertificate(certPem, keyPem, keyAndChain);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test server certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A server's PEM files.
     *
     * @param certificate the certificate followed by the CA's (PostgreSQL's ssl_cert_file)
     * @param privateKey  its unencrypted PKCS#8 key (PostgreSQL's ssl_key_file)
     * @param keyStore    key then chain in one file (a Kafka broker's PEM key store)
     */
    public record ServerCertificate(Path certificate, Path privateKey, Path keyStore) {
    }

    private String caName() {
        return caCert.getSubjectX500Principal().getName().replace("CN=", "").replace(" test CA", "");
    }

    private static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static void writePem(Path file, List<Object> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
