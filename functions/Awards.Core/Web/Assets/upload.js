/*
 * upload.js — uploads with progress for the unit's pages, enhancing every form.upload
 * (Web/Pages/Nominations/UploadForm.razor). Without it the forms post the file as multipart to the
 * page's own route and everything still works. With it:
 *  - a file up to data-max-single bytes goes in one XMLHttpRequest PUT to data-put (the API), with
 *    a progress bar;
 *  - a larger one, when the form has data-sessions, goes through a resumable upload session: its
 *    SHA-256 is computed here, a session opened, the blocks PUT straight to storage with the
 *    session's write-only link, then the session committed (the server checks size, SHA-256 and
 *    content). The session's address is kept in localStorage under the nomination, document type,
 *    file name, size and last-modified time, so after a dropped connection or a reload, choosing
 *    the same file again sends only the blocks storage does not have yet.
 * Afterwards the page's regions marked data-refresh are reloaded, so the new version shows.
 * Messages come from the page (#upload-texts, in its language) and, for refusals, from the
 * server's problem document (detailVi on a Vietnamese page, detail otherwise).
 */
(function () {
  'use strict';

  var STORE_PREFIX = 'awards-upload|';
  var HASH_SLICE = 4 * 1024 * 1024;
  var RETRY_DELAYS = [1000, 3000];

  var textsElement = document.getElementById('upload-texts');
  var texts = textsElement ? textsElement.dataset : {};
  var vietnamese = (document.documentElement.lang || 'vi').toLowerCase().indexOf('vi') === 0;

  // Shown when a page carries no texts: numbers and the server's own words still say what happens.
  var fallback = {
    choose: '', empty: '0 B', tooLarge: '> {0} MB', hashing: '{0} %', uploading: '{0} %', resumable: '{0} %',
    resuming: '{0} %', checking: '…', done: '{0} (v{1})', failed: '{0}', offline: '…', network: '…', retrying: '…'
  };

  function text(key, values) {
    var template = texts[key] !== undefined ? texts[key] : fallback[key];
    return String(template).replace(/\{(\d+)(?::[^}]*)?\}/g, function (whole, index) {
      var value = values && values[+index];
      return value === undefined ? whole : String(value);
    });
  }

  // ---- SHA-256 over a stream of slices (WebCrypto has no incremental digest) ----------------

  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);

  function Sha256() {
    this.state = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    this.words = new Int32Array(64);
    this.pending = new Uint8Array(64);
    this.pendingLength = 0;
    this.length = 0;
  }

  Sha256.prototype.update = function (bytes) {
    var offset = 0;
    var count = bytes.length;
    this.length += count;
    if (this.pendingLength > 0) {
      var take = Math.min(64 - this.pendingLength, count);
      this.pending.set(bytes.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      offset = take;
      if (this.pendingLength < 64) {
        return;
      }
      this.compress(this.pending, 0);
      this.pendingLength = 0;
    }
    for (; offset + 64 <= count; offset += 64) {
      this.compress(bytes, offset);
    }
    if (offset < count) {
      this.pending.set(bytes.subarray(offset), 0);
      this.pendingLength = count - offset;
    }
  };

  Sha256.prototype.compress = function (p, o) {
    var w = this.words;
    var h = this.state;
    var t;
    for (t = 0; t < 16; t++, o += 4) {
      w[t] = (p[o] << 24) | (p[o + 1] << 16) | (p[o + 2] << 8) | p[o + 3];
    }
    for (t = 16; t < 64; t++) {
      var x = w[t - 15];
      var y = w[t - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (t = 0; t < 64; t++) {
      var t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      var t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
  };

  Sha256.prototype.hex = function () {
    var bits = this.length * 8;
    var padding = new Uint8Array((this.pendingLength < 56 ? 56 : 120) - this.pendingLength + 8);
    padding[0] = 0x80;
    var high = Math.floor(bits / 0x100000000);
    var low = bits >>> 0;
    var end = padding.length;
    padding[end - 8] = high >>> 24; padding[end - 7] = high >>> 16; padding[end - 6] = high >>> 8; padding[end - 5] = high;
    padding[end - 4] = low >>> 24; padding[end - 3] = low >>> 16; padding[end - 2] = low >>> 8; padding[end - 1] = low;
    this.update(padding);
    var out = '';
    for (var i = 0; i < 8; i++) {
      out += ('00000000' + (this.state[i] >>> 0).toString(16)).slice(-8);
    }
    return out;
  };

  function readSlice(blob) {
    if (blob.arrayBuffer) {
      return blob.arrayBuffer();
    }
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(blob);
    });
  }

  // The file's SHA-256, read a slice at a time so memory stays small whatever its size.
  function sha256Of(file, onProgress) {
    var hash = new Sha256();
    var position = 0;
    function next() {
      if (position >= file.size) {
        return Promise.resolve(hash.hex());
      }
      var end = Math.min(position + HASH_SLICE, file.size);
      return readSlice(file.slice(position, end)).then(function (buffer) {
        hash.update(new Uint8Array(buffer));
        position = end;
        onProgress(position / file.size);
        return next();
      });
    }
    return next();
  }

  // ---- requests ---------------------------------------------------------------------------

  // Resolves with the response (any status); rejects only when no answer came (network lost).
  function send(method, url, body, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      Object.keys(headers || {}).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      if (onProgress && xhr.upload) {
        xhr.upload.onprogress = function (event) {
          if (event.lengthComputable) {
            onProgress(event.loaded);
          }
        };
      }
      xhr.onload = function () {
        var json = null;
        try {
          json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch (ignored) {
          json = null;
        }
        resolve({ status: xhr.status, json: json });
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { reject(new NetworkError()); };
      xhr.send(body === undefined ? null : body);
    });
  }

  function NetworkError() {
    this.network = true;
  }

  function Refusal(message) {
    this.message = message;
  }

  function sendJson(method, url, value) {
    return send(method, url, value === undefined ? undefined : JSON.stringify(value), value === undefined ? {} : { 'Content-Type': 'application/json' });
  }

  // The server's words for a refusal, in the page's language where it has them.
  function problemText(response) {
    var problem = response.json || {};
    var words = (vietnamese && problem.detailVi) || problem.detail || problem.title || ('HTTP ' + response.status);
    return text('failed', [words]);
  }

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function online() {
    if (navigator.onLine !== false) {
      return Promise.resolve();
    }
    return new Promise(function (resolve) { window.addEventListener('online', function handler() { window.removeEventListener('online', handler); resolve(); }); });
  }

  // ---- one form ---------------------------------------------------------------------------

  function Upload(form) {
    this.form = form;
    this.input = form.querySelector('input[type=file]');
    this.progress = form.querySelector('progress.upload-progress');
    this.status = form.querySelector('output.upload-status');
    this.button = form.querySelector('button[type=submit], input[type=submit]');
    this.maxSingle = Number(form.dataset.maxSingle) || Infinity;
    this.max = Number(form.dataset.max) || Infinity;
    this.busy = false;
  }

  Upload.prototype.say = function (message, invalid) {
    if (this.status) {
      this.status.textContent = message;
    }
    if (this.input) {
      this.input.setAttribute('aria-invalid', invalid ? 'true' : 'false');
    }
  };

  Upload.prototype.show = function (fraction) {
    if (!this.progress) {
      return;
    }
    this.progress.hidden = false;
    this.progress.value = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
  };

  Upload.prototype.start = function () {
    var self = this;
    var file = self.input && self.input.files && self.input.files[0];
    if (self.busy) {
      return;
    }
    if (!file) {
      self.say(text('choose'), true);
      self.input.focus();
      return;
    }
    if (file.size === 0) {
      self.say(text('empty'), true);
      return;
    }
    var resumable = Boolean(self.form.dataset.sessions);
    var limit = resumable ? self.max : Math.min(self.max, self.maxSingle);
    if (file.size > limit) {
      self.say(text('tooLarge', [Math.floor(limit / 1000000)]), true);
      return;
    }

    self.busy = true;
    if (self.button) {
      self.button.disabled = true;
    }
    var work = file.size <= self.maxSingle ? self.single(file) : self.resumable(file);
    work.then(function (version) {
      self.show(1);
      self.say(text('done', [version.fileName, version.version]), false);
      self.input.value = '';
      // The upload is done whatever the reload does; a failed reload leaves the old list showing.
      return refresh().catch(function () { return undefined; });
    }).catch(function (error) {
      if (error instanceof Refusal) {
        self.say(error.message, true);
      } else if (error && error.network) {
        self.say(text(error.resumable ? 'offline' : 'failed', [text('network')]), true);
      } else {
        self.say(text('failed', [String(error && error.message || error)]), true);
      }
    }).then(function () {
      self.busy = false;
      if (self.button) {
        self.button.disabled = false;
      }
    });
  };

  // One request to the API with the file as the body.
  Upload.prototype.single = function (file) {
    var self = this;
    self.show(0);
    self.say(text('uploading', [0]), false);
    var name = file.name.normalize ? file.name.normalize('NFC') : file.name;
    return send('PUT', self.form.dataset.put, file, {
      'Content-Type': file.type || 'application/octet-stream',
      'Content-Disposition': "attachment; filename*=UTF-8''" + encodeRfc5987(name)
    }, function (loaded) {
      self.show(loaded / file.size);
      self.say(text('uploading', [Math.floor(loaded * 100 / file.size)]), false);
    }).then(function (response) {
      if (response.status === 201 || response.status === 200) {
        return response.json;
      }
      throw new Refusal(problemText(response));
    });
  };

  Upload.prototype.key = function (file) {
    return STORE_PREFIX + this.form.dataset.sessions + '|' + file.name + '|' + file.size + '|' + file.lastModified;
  };

  // A session kept for this file, as the server knows it now (or null: none, or no longer usable).
  Upload.prototype.savedSession = function (file) {
    var key = this.key(file);
    var saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(key) || 'null');
    } catch (ignored) {
      saved = null;
    }
    if (!saved || !saved.sessionUrl) {
      return Promise.resolve(null);
    }
    return sendJson('GET', saved.sessionUrl).then(function (response) {
      if (response.status === 200 && response.json && response.json.sessionId) {
        return response.json;
      }
      // Committed, expired or gone: start afresh.
      localStorage.removeItem(key);
      return null;
    });
  };

  Upload.prototype.resumable = function (file) {
    var self = this;
    var key = self.key(file);
    self.show(0);
    return self.savedSession(file).then(function (session) {
      if (session) {
        self.say(text('resuming', [Math.floor(session.receivedBytes * 100 / file.size)]), false);
        return session;
      }
      self.say(text('hashing', [0]), false);
      return sha256Of(file, function (fraction) {
        self.say(text('hashing', [Math.floor(fraction * 100)]), false);
      }).then(function (sha256) {
        var name = file.name.normalize ? file.name.normalize('NFC') : file.name;
        return sendJson('POST', self.form.dataset.sessions, {
          fileName: name, contentType: file.type || 'application/octet-stream', size: file.size, sha256: sha256
        });
      }).then(function (response) {
        if (response.status !== 201) {
          throw new Refusal(problemText(response));
        }
        localStorage.setItem(key, JSON.stringify({ sessionUrl: response.json.sessionUrl }));
        return response.json;
      });
    }).then(function (session) {
      return self.sendBlocks(file, session).then(function (ids) {
        return self.commit(file, session, ids, true);
      });
    }).then(function (version) {
      localStorage.removeItem(key);
      return version;
    }, function (error) {
      if (error && error.network) {
        error.resumable = true;
      } else {
        // A refusal ends the session on the server (or it cannot go on): the next try starts afresh.
        localStorage.removeItem(key);
      }
      throw error;
    });
  };

  function blockId(index) {
    return btoa(('000000' + index).slice(-6));
  }

  // Sends the blocks storage does not have yet, one at a time; resolves with every block id in file order.
  Upload.prototype.sendBlocks = function (file, session) {
    var self = this;
    var size = session.blockSize;
    var count = Math.ceil(file.size / size);
    var have = {};
    (session.blocks || []).forEach(function (b) { have[b.id] = b.size; });
    var ids = [];
    var missing = [];
    var sent = 0;
    for (var i = 0; i < count; i++) {
      var length = Math.min(size, file.size - i * size);
      ids.push(blockId(i));
      if (have[blockId(i)] === length) {
        sent += length;
      } else {
        missing.push(i);
      }
    }
    self.show(sent / file.size);

    function put(index, attempt, refreshed) {
      var start = index * size;
      var end = Math.min(start + size, file.size);
      var url = session.uploadUrl + '&comp=block&blockid=' + encodeURIComponent(blockId(index));
      return send('PUT', url, file.slice(start, end), {}, function (loaded) {
        var fraction = (sent + loaded) / file.size;
        self.show(fraction);
        self.say(text('uploading', [Math.floor(fraction * 100)]), false);
      }).then(function (response) {
        if (response.status === 201) {
          sent += end - start;
          return undefined;
        }
        if ((response.status === 403 || response.status === 401) && !refreshed) {
          // The write link expired: the session gives a fresh one.
          return sendJson('GET', session.sessionUrl).then(function (fresh) {
            if (fresh.status !== 200) {
              throw new Refusal(problemText(fresh));
            }
            session.uploadUrl = fresh.json.uploadUrl;
            return put(index, attempt, true);
          });
        }
        throw new Refusal(text('failed', ['HTTP ' + response.status]));
      }, function (error) {
        if (!error.network) {
          throw error;
        }
        if (attempt < RETRY_DELAYS.length) {
          self.say(text('retrying'), false);
          return online().then(function () { return wait(RETRY_DELAYS[attempt]); }).then(function () { return put(index, attempt + 1, refreshed); });
        }
        throw error;
      });
    }

    return missing.reduce(function (chain, index) {
      return chain.then(function () { return put(index, 0, false); });
    }, Promise.resolve()).then(function () { return ids; });
  };

  // Commits the session; if storage lacks a block (a PUT answered but lost), sends what is missing once more.
  Upload.prototype.commit = function (file, session, ids, again) {
    var self = this;
    self.show(1);
    self.say(text('checking'), false);
    return sendJson('POST', session.commitUrl, { blockIds: ids }).then(function (response) {
      if (response.status === 201 || response.status === 200) {
        return response.json;
      }
      if (response.status === 409 && again && response.json && response.json.missingBlocks) {
        return sendJson('GET', session.sessionUrl).then(function (fresh) {
          if (fresh.status !== 200) {
            throw new Refusal(problemText(fresh));
          }
          return self.sendBlocks(file, fresh.json).then(function () { return self.commit(file, fresh.json, ids, false); });
        });
      }
      throw new Refusal(problemText(response));
    });
  };

  // When a file is chosen that was partly uploaded before, say so: pressing Upload goes on from there.
  Upload.prototype.chosen = function () {
    var self = this;
    var file = self.input.files && self.input.files[0];
    self.input.setAttribute('aria-invalid', 'false');
    if (!file || !self.form.dataset.sessions || file.size <= self.maxSingle) {
      return;
    }
    self.savedSession(file).then(function (session) {
      if (session && self.input.files[0] === file) {
        self.show(session.receivedBytes / file.size);
        self.say(text('resumable', [Math.floor(session.receivedBytes * 100 / file.size)]), false);
      }
    }, function () { /* Offline: the upload itself will say so. */ });
  };

  function encodeRfc5987(value) {
    return encodeURIComponent(value).replace(/['()*]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase(); });
  }

  // Reloads the page's data-refresh regions (versions, what is missing, resubmit, timeline) in place.
  function refresh() {
    var regions = document.querySelectorAll('[data-refresh][id]');
    if (regions.length === 0) {
      window.location.reload();
      return Promise.resolve();
    }
    return fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        Array.prototype.forEach.call(regions, function (region) {
          var replacement = fresh.getElementById(region.id);
          if (replacement) {
            region.replaceWith(document.importNode(replacement, true));
          }
        });
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form.upload'), function (form) {
    var upload = new Upload(form);
    if (!upload.input) {
      return;
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      upload.start();
    });
    upload.input.addEventListener('change', function () { upload.chosen(); });
  });
}());
