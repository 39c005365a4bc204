package dev.conversations.database;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a container engine answers, decided the way Testcontainers looks for one (DOCKER_HOST, then the
 * usual sockets), by sending it {@code GET /_ping}. A socket file without an engine behind it is not enough.
 */
final class DockerEngine {

    private DockerEngine() {}

    static boolean reachable(Map<String, String> environment) {
        for (URI endpoint : candidates(environment)) {
            if (answersPing(endpoint)) {
                return true;
            }
        }
        return false;
    }

    private static List<URI> candidates(Map<String, String> environment) {
        List<URI> endpoints = new ArrayList<>();
        String dockerHost = environment.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            endpoints.add(URI.create(dockerHost.trim()));
            return endpoints;
        }
        endpoints.add(URI.create("unix:///var/run/docker.sock"));
        String home = System.getProperty("user.home");
        endpoints.add(Path.of(home, ".docker", "run", "docker.sock").toUri());
        String runtimeDir = environment.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            endpoints.add(Path.of(runtimeDir, "podman", "podman.sock").toUri());
        }
        return endpoints;
    }

    private static boolean answersPing(URI endpoint) {
        try (SocketChannel channel = open(endpoint)) {
            if (channel == null) {
                return false;
            }
            channel.write(
                    ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(64);
            channel.socket().setSoTimeout(1000);
            channel.read(answer);
            String status = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.") && status.contains(" 200");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static SocketChannel open(URI endpoint) throws IOException {
        switch (endpoint.getScheme()) {
            case "unix", "file" -> {
                Path socket = Path.of(endpoint.getPath());
                if (!Files.exists(socket)) {
                    return null;
                }
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            }
            case "tcp", "http" -> {
                SocketChannel channel = SocketChannel.open();
                channel.socket().connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
                return channel;
            }
            default -> {
                return null;
            }
        }
    }
}
