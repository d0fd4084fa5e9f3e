package coroconf

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// readCrypto is totem_get_crypto.
func (r *run) readCrypto(tc *TotemConfig) string {
	m := r.m
	cipher, hash, model := "none", "none", "nss"
	if s, ok := getStr(m, "totem.crypto_model"); ok {
		model = s
	}
	if s, ok := getStr(m, "totem.secauth"); ok && s == "on" {
		cipher, hash = "aes256", "sha256"
	}
	if s, ok := getStr(m, "totem.crypto_cipher"); ok {
		switch s {
		case "none", "aes256", "aes192", "aes128":
			cipher = s
		}
	}
	if s, ok := getStr(m, "totem.crypto_hash"); ok {
		switch s {
		case "none", "md5", "sha1", "sha256", "sha384", "sha512":
			hash = s
		}
	}
	if cipher != "none" && hash == "none" {
		return "crypto_cipher requires crypto_hash with value other than none"
	}
	if model == "none" {
		return "invalid crypto_model"
	}
	tc.Cipher, tc.Hash, tc.CryptoModel = cipher, hash, model
	return ""
}

// readKey is totem_config_keyread: only when crypto is on, from
// totem.keyfile, else totem.key, else /etc/corosync/authkey.
func (r *run) readKey(tc *TotemConfig) string {
	if tc.Cipher == "none" && tc.Hash == "none" {
		return ""
	}
	if path, ok := getStr(r.m, "totem.keyfile"); ok {
		return r.readKeyfile(tc, path)
	}
	if v, ok := r.m.Get("totem.key"); ok {
		b := v.Bytes()
		if len(b) > privateKeyLenMax {
			return "key is too long"
		}
		if len(b) < privateKeyLenMin {
			return "key is too short"
		}
		tc.PrivateKey = b
		return ""
	}
	return r.readKeyfile(tc, defaultAuthkey)
}

func (r *run) readKeyfile(tc *TotemConfig, path string) string {
	if r.env.ReadFile == nil {
		return fmt.Sprintf("Could not open %s: %s\n", path, strerror(fs.ErrNotExist))
	}
	b, err := r.env.ReadFile(path)
	if err != nil {
		if errors.Is(err, syscall.EISDIR) {
			return fmt.Sprintf("Could not read %s: %s\n", path, strerror(err))
		}
		return fmt.Sprintf("Could not open %s: %s\n", path, strerror(err))
	}
	if len(b) > privateKeyLenMax {
		b = b[:privateKeyLenMax] // corosync reads at most this much
	}
	if len(b) < privateKeyLenMin {
		return fmt.Sprintf("Could only read %d bits of minimum %d bits from %s.\n", len(b)*8, privateKeyLenMin*8, path)
	}
	tc.PrivateKey = b
	return ""
}

// strerror renders an error as glibc's strerror would.
func strerror(err error) string {
	var errno syscall.Errno
	switch {
	case errors.As(err, &errno):
	case errors.Is(err, fs.ErrNotExist):
		errno = syscall.ENOENT
	case errors.Is(err, fs.ErrPermission):
		errno = syscall.EACCES
	default:
		return err.Error()
	}
	s := errno.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
