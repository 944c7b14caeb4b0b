// A Java system's client of `random-inspection serve` (docs/service.md): JDK 17 only, one file, run as
//
//     java RandomInspectionClient.java BASE_URL PLAN_ID ACTOR_FILE COLUMN=VALUE...
//     java RandomInspectionClient.java --batch BASE_URL PLAN_ID ACTOR_FILE COLUMN=VALUE... [-- COLUMN=VALUE...]...
//     java RandomInspectionClient.java --transfer BASE_URL PLAN_ID ACTOR_FILE SUBJECT TO DAY LETTER [AT]
//
// e.g. java RandomInspectionClient.java http://127.0.0.1:8000 XC-2026-12 examples/actors/XC008.toml \
//          统一社会信用代码=91411002QGE7Q07X68 检查开始=2026-12-28 检查结束=2026-12-30 检查结果=1
//
// It reads a public endpoint (GET /ledger/head: no signature), then makes one signed write of plan PLAN_ID by the
// actor of ACTOR_FILE (an actor file as `random-inspection keygen` writes it, with its Ed25519 key file beside it):
//
//   - without an option, the inspection of one row of results (COLUMN=VALUE: the results file's headers,
//     docs/rosters.md), recorded by an inspector who was on the subject's team (POST .../results);
//   - with --batch, several rows, all or nothing (POST .../results/batch), rows parted by `--`: the prepare
//     returns a digest for every entry the rows append, each chained on the one before, and the client signs
//     each in order;
//   - with --transfer, a recording step: the letter (函告移交问题线索) transferring the problems found at SUBJECT
//     to department TO, taken on DAY (YYYY-MM-DD), its number (文号) LETTER, recorded at AT (ISO 8601; by default
//     now: a step may not be recorded before the day it was taken) (POST .../steps/transfer).
//
// A write is two requests: POST .../prepare returns the digests to sign (entry hashes, chained from the ledger
// head) and the time they were made for; the client signs each digest's UTF-8 bytes with the actor's own key and
// POSTs the same body with that time and the signatures. The server holds no private key.
//
// The JDK signs Ed25519 (java.security.Signature "Ed25519") but not SM2: an SM2 actor signs with BouncyCastle
// instead (docs/service.md, "An SM2 actor"). JSON is written and read by hand here to keep to the JDK; a real
// client would use its JSON library.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class RandomInspectionClient {

    /** The DER prefix of a PKCS#8 Ed25519 private key (RFC 8410) before its 32-byte seed. */
    private static final String ED25519_PKCS8_PREFIX = "302e020100300506032b657004220420";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    RandomInspectionClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** GET a public read: its JSON text. */
    String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** POST a JSON body: the response (status and text). */
    HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A signed write: prepare, sign each digest with the actor's key (in order: a batch asks for several, each
     * chained on the one before), submit with the time prepare returned. {@code at} is the time to record, or
     * null for the server's now. Returns the submit's response.
     */
    HttpResponse<String> signedWrite(String path, String fields, String actor, PrivateKey key, String at)
            throws Exception {
        String body = "{" + fields + (fields.isEmpty() ? "" : ",") + "\"actor\":" + actor
                + (at == null ? "" : ",\"at\":" + quote(at)) + "}";
        HttpResponse<String> prepared = post(path + "/prepare", body);
        if (prepared.statusCode() != 200) {
            throw new IllegalStateException("prepare: " + prepared.statusCode() + " " + prepared.body());
        }
        String text = prepared.body();
        if (!text.contains("\"refused\":null")) {
            throw new IllegalStateException("the action would be refused (signing records the refusal): " + text);
        }
        String preparedAt = stringField(text, "at");
        List<String> signatures = new ArrayList<>();
        for (String digest : stringArray(text, "digests")) {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(digest.getBytes(StandardCharsets.UTF_8));  // the entry hash's 64 hex digits, as text
            String signature = HexFormat.of().formatHex(signer.sign());
            signatures.add("{\"digest\":" + quote(digest) + ",\"signature\":" + quote(signature) + "}");
        }
        String submit = "{" + fields + (fields.isEmpty() ? "" : ",") + "\"actor\":" + actor
                + ",\"at\":" + quote(preparedAt) + ",\"signatures\":[" + String.join(",", signatures) + "]}";
        return post(path, submit);
    }

    /** The actor of an actor file (TOML: id, name, role, department, key) as the JSON a write names it by. */
    static Map<String, String> actorFile(Path file) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        Pattern line = Pattern.compile("^\\s*(\\w+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = line.matcher(text);
            if (m.find()) {
                fields.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return fields;
    }

    /**
     * The Ed25519 private key of a key file: PKCS#8 PEM (-----BEGIN PRIVATE KEY-----, as `random-inspection keygen
     * --algorithm ed25519` writes it), or one line `ed25519 HEX_SEED`.
     */
    static PrivateKey ed25519Key(Path keyFile) throws Exception {
        String text = Files.readString(keyFile, StandardCharsets.UTF_8).trim();
        byte[] der;
        if (text.startsWith("-----BEGIN PRIVATE KEY-----")) {
            String body = text.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
            der = Base64.getMimeDecoder().decode(body);
        } else {
            String[] parts = text.split("\\s+");
            if (parts.length != 2 || !parts[0].equals("ed25519") || parts[1].length() != 64) {
                throw new IllegalArgumentException(keyFile + ": not an Ed25519 key file (an SM2 actor signs with "
                        + "BouncyCastle: docs/service.md)");
            }
            der = HexFormat.of().parseHex(ED25519_PKCS8_PREFIX + parts[1]);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (java.security.spec.InvalidKeySpecException e) {
            throw new IllegalArgumentException(keyFile + ": not an Ed25519 private key (an SM2 actor signs with "
                    + "BouncyCastle: docs/service.md)", e);
        }
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    static String stringField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static List<String> stringArray(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\[([^\\]]*)\\]").matcher(json);
        List<String> out = new ArrayList<>();
        if (m.find()) {
            Matcher item = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
            while (item.find()) {
                out.add(item.group(1));
            }
        }
        return out;
    }

    /** COLUMN=VALUE arguments as a JSON object's members. */
    static String cells(List<String> args) {
        List<String> cells = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(arg + " is not COLUMN=VALUE");
            }
            cells.add(quote(arg.substring(0, eq)) + ":" + quote(arg.substring(eq + 1)));
        }
        return "{" + String.join(",", cells) + "}";
    }

    /** The rows of --batch: COLUMN=VALUE arguments, rows parted by "--", as a JSON array of objects. */
    static String rows(List<String> args) {
        List<String> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--")) {
                rows.add(cells(row));
                row = new ArrayList<>();
            } else {
                row.add(arg);
            }
        }
        rows.add(cells(row));
        return "[" + String.join(",", rows) + "]";
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 && args[0].startsWith("--") ? args[0] : "";
        List<String> rest = List.of(args).subList(mode.isEmpty() ? 0 : 1, args.length);
        boolean known = mode.isEmpty() || mode.equals("--batch") || mode.equals("--transfer");
        if (!known || rest.size() < 4 || (mode.equals("--transfer") && rest.size() < 7)) {
            System.err.println("usage: java RandomInspectionClient.java [--batch] BASE_URL PLAN_ID ACTOR_FILE "
                    + "COLUMN=VALUE... [-- COLUMN=VALUE...]...\n"
                    + "       java RandomInspectionClient.java --transfer BASE_URL PLAN_ID ACTOR_FILE SUBJECT TO DAY "
                    + "LETTER [AT]");
            System.exit(2);
        }
        RandomInspectionClient client = new RandomInspectionClient(rest.get(0));
        String plan = "/plans/" + rest.get(1);
        Path actorPath = Path.of(rest.get(2));
        Map<String, String> file = actorFile(actorPath);
        PrivateKey key = ed25519Key(actorPath.resolveSibling(file.get("key")));
        String actor = "{\"id\":" + quote(file.get("id")) + ",\"name\":" + quote(file.get("name"))
                + ",\"role\":" + quote(file.get("role")) + ",\"department\":" + quote(file.get("department")) + "}";
        List<String> given = rest.subList(3, rest.size());

        System.out.println("head before: " + client.get("/ledger/head"));
        HttpResponse<String> done;
        if (mode.equals("--batch")) {
            done = client.signedWrite(plan + "/results/batch", "\"rows\":" + rows(given), actor, key, null);
            System.out.println("batch: " + done.statusCode() + " " + done.body());
        } else if (mode.equals("--transfer")) {
            String fields = "\"subject\":" + quote(given.get(0)) + ",\"to\":" + quote(given.get(1))
                    + ",\"day\":" + quote(given.get(2)) + ",\"letter\":" + quote(given.get(3));
            done = client.signedWrite(plan + "/steps/transfer", fields, actor, key,
                    given.size() > 4 ? given.get(4) : null);
            System.out.println("transfer: " + done.statusCode() + " " + done.body());
        } else {
            done = client.signedWrite(plan + "/results", "\"row\":" + cells(given), actor, key, null);
            System.out.println("results: " + done.statusCode() + " " + done.body());
        }
        System.out.println("head after: " + client.get("/ledger/head"));
        System.exit(done.statusCode() == 200 ? 0 : 1);
    }
}
