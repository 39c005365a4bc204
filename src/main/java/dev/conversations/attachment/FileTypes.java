package dev.conversations.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.tika.Tika;

/**
 * The type of an uploaded file, sniffed from its bytes with Apache Tika, and Ada's list of allowed types (TXT, LOG,
 * CSV, EML, PNG, SVG, JPEG, GIF, HEIF, HEIC, AVIF, WAV, M4A, MP3, MP4, M4V, MOV, MPEG, ZIP, PDF, DOC(X), XLS(X),
 * PPT(X), Keynote, Pages, Numbers). The client's file name may only refine what the bytes say (a .csv of plain
 * text is text/csv; a ZIP is an Office or iWork document only if it holds that document's parts); the client's
 * Content-Type is ignored.
 */
final class FileTypes {
    private static final Tika TIKA = new Tika();
    private static final Set<String> ALLOWED = Set.of(
            "text/plain",
            "text/x-log",
            "text/csv",
            "message/rfc822",
            "image/png",
            "image/svg+xml",
            "image/jpeg",
            "image/gif",
            "image/heif",
            "image/heic",
            "image/avif",
            "audio/vnd.wave",
            "audio/wav",
            "audio/x-wav",
            "audio/mp4",
            "audio/x-m4a",
            "audio/mpeg",
            "video/mp4",
            "video/x-m4v",
            "video/quicktime",
            "video/mpeg",
            "application/zip",
            "application/pdf",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.apple.keynote",
            "application/vnd.apple.pages",
            "application/vnd.apple.numbers");
    /** ZIP-based documents and the entry that marks each (besides Office's [Content_Types].xml). */
    private static final Map<String, String> ZIP_DOCUMENTS = Map.of(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/",
            "application/vnd.apple.keynote", "Index/",
            "application/vnd.apple.pages", "Index/",
            "application/vnd.apple.numbers", "Index/");

    private FileTypes() {}

    /** The file's MIME type when it is an allowed type, else null. */
    static String allowedType(Path file, String filename) throws IOException {
        String type;
        try (InputStream in = Files.newInputStream(file)) {
            type = TIKA.detect(in, filename);
        }
        if (ZIP_DOCUMENTS.containsKey(type) && !holdsDocument(file, ZIP_DOCUMENTS.get(type))) {
            type = "application/zip";
        }
        return ALLOWED.contains(type) ? type : null;
    }

    private static boolean holdsDocument(Path file, String folder) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean office = !folder.equals("Index/");
            if (office && zip.getEntry("[Content_Types].xml") == null) {
                return false;
            }
            return zip.stream().map(ZipEntry::getName).anyMatch(name -> name.startsWith(folder));
        } catch (IOException e) {
            return false;
        }
    }
}
