package dev.conversations.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.tika.Tika;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * The type of an uploaded file, sniffed from its bytes with Apache Tika, and Ada's list of allowed types (TXT, LOG,
 * CSV, EML, PNG, SVG, JPEG, GIF, HEIF, HEIC, AVIF, WAV, M4A, MP3, MP4, M4V, MOV, MPEG, ZIP, PDF, DOC(X), XLS(X),
 * PPT(X), Keynote, Pages, Numbers). The client's file name may only refine what the bytes say (a .csv of plain
 * text is text/csv; a ZIP is an Office or iWork document only if it holds that document's parts), never decide
 * alone; the client's Content-Type is ignored.
 */
final class FileTypes {
    private static final Tika TIKA = new Tika();
    private static final MediaTypeRegistry REGISTRY =
            MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();
    /** Office and iWork documents name their parts in their first entries. */
    private static final int ZIP_ENTRIES_READ = 200;

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
        MediaType fromBytes;
        MediaType withName;
        try (InputStream in = TikaInputStream.get(file)) {
            fromBytes = TIKA.getDetector().detect(in, new Metadata());
        }
        if (fromBytes.equals(MediaType.OCTET_STREAM)) {
            // The bytes say nothing: a name alone never makes a file one of the allowed types.
            return null;
        }
        Metadata named = new Metadata();
        named.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        try (InputStream in = TikaInputStream.get(file)) {
            withName = TIKA.getDetector().detect(in, named);
        }
        // The name may only refine what the bytes say (text/plain to text/csv, a ZIP to a Word document).
        MediaType type = REGISTRY.isSpecializationOf(withName, fromBytes) ? withName : fromBytes;
        String name = type.getBaseType().toString();
        if (ZIP_DOCUMENTS.containsKey(name) && !holdsDocument(file, ZIP_DOCUMENTS.get(name))) {
            name = "application/zip";
        }
        return ALLOWED.contains(name) ? name : null;
    }

    /**
     * Whether the ZIP holds the document's parts, from its first entries read as a stream: nothing of the file is
     * held at once (a ZIP's central directory, which ZipFile reads whole, can be most of a 50 MB file).
     */
    private static boolean holdsDocument(Path file, String folder) {
        boolean office = !folder.equals("Index/");
        boolean contentTypes = false;
        boolean part = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry entry;
            for (int read = 0; read < ZIP_ENTRIES_READ && (entry = zip.getNextEntry()) != null; read++) {
                contentTypes |= entry.getName().equals("[Content_Types].xml");
                part |= entry.getName().startsWith(folder);
                if (part && (contentTypes || !office)) {
                    return true;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return false;
    }
}
