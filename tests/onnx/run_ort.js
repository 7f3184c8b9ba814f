// Runs an ONNX model in ONNX Runtime (CPU) on float32 inputs read from a file, for the export tests.
//   node run_ort.js MODEL INPUT DIMS OUTPUT
// INPUT holds the raw little-endian float32 values of a tensor of shape DIMS ("256,1,28,28"); the
// model's one output is written to OUTPUT the same way. Prints one JSON line: the output's dims and the
// inputs' and outputs' names and shapes as the runtime reads them from the model (symbolic dims as names).
'use strict';
const fs = require('fs');

function fail(message) {
  process.stderr.write(`run_ort: ${message}\n`);
  process.exit(1);
}

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  const why = e.message.split('\n')[0];
  fail(`cannot load onnxruntime-node (scripts/setup.sh installs it into tests/onnx/node_modules): ${why}`);
}

async function main() {
  const [modelPath, inputPath, dimsText, outputPath] = process.argv.slice(2);
  if (!outputPath) fail('usage: node run_ort.js MODEL INPUT DIMS OUTPUT');
  const dims = dimsText.split(',').map(Number);
  const bytes = fs.readFileSync(inputPath);
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (values.length !== dims.reduce((a, b) => a * b, 1)) {
    fail(`${inputPath}: ${values.length} values for dims ${dimsText}`);
  }
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'] });
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', values, dims) };
  const results = await session.run(feeds);
  const output = results[session.outputNames[0]];
  const data = output.data;
  fs.writeFileSync(outputPath, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  const describe = (metadata) => metadata.map((m) => ({ name: m.name, shape: m.shape }));
  process.stdout.write(JSON.stringify({
    dims: output.dims,
    inputs: describe(session.inputMetadata),
    outputs: describe(session.outputMetadata),
  }) + '\n');
}

main().catch((e) => fail(e.message));
