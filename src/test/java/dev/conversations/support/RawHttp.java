package dev.conversations.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * HTTP/1.1 written by hand to the test server, for what a well-behaved client library does not do: a head without
 * its body, a body sent slowly, headers such a library leaves out.
 */
public final class RawHttp {
    private RawHttp() {}

    /** Opens a connection and sends a request head with the API key and these header lines; no body yet. */
    public static Socket open(String method, String path, String apiKey, String... headers) throws IOException {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout(10_000);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                .append("Host: localhost\r\n")
                .append("Authorization: Bearer ")
                .append(apiKey)
                .append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        send(socket, head.append("\r\n").toString());
        return socket;
    }

    public static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** All the server sends until it closes the connection. */
    public static String readUntilClosed(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The body of a whole response read with {@link #readUntilClosed}. */
    public static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
