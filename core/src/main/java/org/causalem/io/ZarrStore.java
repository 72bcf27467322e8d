package org.causalem.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.causalem.data.BadInputException;

/**
 * The keys of a zarr v2 store: files under a directory (zarr's DirectoryStore and NestedDirectoryStore) or entries
 * of a zip file (ZipStore). A zip may hold one name several times (zarr's ZipStore appends rewritten keys); the
 * last one counts, as in Python's {@code zipfile}.
 */
abstract class ZarrStore implements Closeable {
  /** The bytes stored under {@code key} ("a/b/.zattrs"), or null when there are none. */
  abstract byte[] get(String key) throws IOException;

  /** The names of the groups and arrays directly under the group {@code path} ("" for the root), sorted. */
  abstract List<String> children(String path) throws IOException;

  /** {@code key} as a user finds it: a file's path, or the zip file and its entry. */
  abstract String where(String key);

  static ZarrStore open(Path path) throws IOException {
    return Files.isDirectory(path) ? new Directory(path) : new Zip(path);
  }

  /** Whether {@code dir} is the root of a zarr store (it holds a .zgroup or .zarray). */
  static boolean isStore(Path dir) {
    return Files.isRegularFile(dir.resolve(".zgroup")) || Files.isRegularFile(dir.resolve(".zarray"));
  }

  static String join(String path, String name) { return path.isEmpty() ? name : path + "/" + name; }

  private static final class Directory extends ZarrStore {
    private final Path root;

    Directory(Path root) { this.root = root; }

    @Override byte[] get(String key) throws IOException {
      Path p = root.resolve(key);
      return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    }

    @Override List<String> children(String path) throws IOException {
      List<String> out = new ArrayList<>();
      Path dir = path.isEmpty() ? root : root.resolve(path);
      if (!Files.isDirectory(dir)) return out;
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(Files::isDirectory).filter(ZarrStore::isStore).forEach(p -> out.add(p.getFileName().toString()));
      }
      out.sort(null);
      return out;
    }

    @Override String where(String key) { return root.getFileName() + "/" + key; }

    @Override public void close() {}
  }

  private static final class Zip extends ZarrStore {
    private final ZipFile zip;
    private final String name;
    private final TreeSet<String> keys = new TreeSet<>();

    Zip(Path file) throws IOException {
      this.name = file.getFileName().toString();
      try {
        this.zip = new ZipFile(file.toFile());
      } catch (java.util.zip.ZipException e) {
        throw new BadInputException(name + ": not a readable zip file (" + e.getMessage() + "); a .zspy file is a zarr ZipStore", e);
      }
      zip.stream().forEach(e -> keys.add(e.getName()));
    }

    /** {@link ZipFile#getEntry} gives the last entry of a repeated name (its table is filled in order, later first). */
    @Override byte[] get(String key) throws IOException {
      ZipEntry e = zip.getEntry(key);
      if (e == null || e.isDirectory()) return null;
      try (InputStream in = zip.getInputStream(e)) {
        return in.readAllBytes();
      } catch (java.util.zip.ZipException x) {
        throw new BadInputException(where(key) + ": corrupt zip entry (" + x.getMessage() + ")", x);
      }
    }

    @Override List<String> children(String path) {
      String prefix = path.isEmpty() ? "" : path + "/";
      TreeSet<String> out = new TreeSet<>();
      for (String k : keys.tailSet(prefix)) {
        if (!k.startsWith(prefix)) break;
        String rest = k.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash > 0 && (rest.endsWith("/.zgroup") || rest.endsWith("/.zarray")) && rest.indexOf('/', slash + 1) < 0) {
          out.add(rest.substring(0, slash));
        }
      }
      return new ArrayList<>(out);
    }

    @Override String where(String key) { return name + "!" + key; }

    @Override public void close() throws IOException { zip.close(); }
  }
}
