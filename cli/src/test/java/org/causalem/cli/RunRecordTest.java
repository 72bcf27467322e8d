package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.causalem.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs in run.json: the whole SHA-256 of small files, a sampled fingerprint of big ones. */
class RunRecordTest {
  @TempDir Path dir;

  private JsonNode inputOf(Path file) throws Exception {
    RunRecord run = new RunRecord("test", List.of());
    run.input(file);
    Path json = dir.resolve("run-" + System.nanoTime() + ".json");
    run.write(json);
    return Json.mapper().readTree(Files.readString(json)).get("inputs").get(0);
  }

  @Test
  void smallFilesAreHashedWhole() throws Exception {
    Path f = dir.resolve("small.bin");
    byte[] bytes = new byte[300_000];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31);
    Files.write(f, bytes);
    JsonNode in = inputOf(f);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(in.get("sha256").asText()).isEqualTo(expected);
    assertThat(in.get("bytes").asLong()).isEqualTo(bytes.length);
    assertThat(in.has("modified")).isTrue();
  }

  @Test
  void bigFilesGetAFingerprintThatSeesTheirEndsAndSize() throws Exception {
    Path f = dir.resolve("big.bin");
    long size = RunRecord.FULL_HASH_BYTES + 12_345;
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(size);   // sparse: no disk space used
    }
    JsonNode first = inputOf(f);
    assertThat(first.get("sha256").isNull()).isTrue();
    String fp = first.get("fingerprint_sha256").asText();
    assertThat(fp).hasSize(64);
    assertThat(inputOf(f).get("fingerprint_sha256").asText()).isEqualTo(fp);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(size - 1);
      raf.write(7);
    }
    String changedEnd = inputOf(f).get("fingerprint_sha256").asText();
    assertThat(changedEnd).isNotEqualTo(fp);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(size + 1);
    }
    assertThat(inputOf(f).get("fingerprint_sha256").asText()).isNotEqualTo(changedEnd);
  }
}
